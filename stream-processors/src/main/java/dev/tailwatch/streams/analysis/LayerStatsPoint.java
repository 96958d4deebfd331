package dev.tailwatch.streams.analysis;

/**
 * Heavy-tail statistics of one layer over one tumbling window of monitored iterations. Statistics that
 * the window could not support are NaN (no tracked coordinates, too few values for an estimator).
 *
 * @param iteration        last monitored iteration of the window
 * @param windowIterations monitored iterations in the window
 * @param alpha            Mohammadi α of all the layer's values in the window (merged statistics)
 * @param mccullochAlpha   McCulloch α of a uniform sample of the pooled values
 * @param hillAlpha        Hill α of that sample (a diagnostic, sensible for α ≲ 1.1)
 * @param kurtosis         excess kurtosis of all pooled values
 * @param alphaIP10        10th percentile of the tracked coordinates' α_i
 * @param sasWinsFraction  fraction of evaluated coordinates where SαS fits better than a Gaussian
 * @param coordinates      coordinates with an α_i (at least two whole blocks)
 * @param valuesUsed       usable values that entered the window
 */
public record LayerStatsPoint(
        String runId,
        long iteration,
        String layer,
        int windowIterations,
        double alpha,
        double alphaStderr,
        double mccullochAlpha,
        double hillAlpha,
        double kurtosis,
        double alphaIP10,
        double alphaIP50,
        double alphaIP90,
        double sasWinsFraction,
        int coordinates,
        long valuesUsed,
        long timestampMs) {
}
