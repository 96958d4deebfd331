package dev.tailwatch.streams.analysis;

/**
 * One point of an α series.
 *
 * @param layer            a layer name, or {@link #NETWORK} for all layers merged
 * @param scope            one monitored iteration, or the rolling window ending at it
 * @param windowIterations monitored iterations merged (1 for the iteration scope)
 * @param layersMerged     layers merged (1 for a single layer; fewer than the layer count for an
 *                         iteration closed with a layer missing)
 */
public record AlphaPoint(
        String runId,
        long iteration,
        String layer,
        Scope scope,
        String estimator,
        double alpha,
        double stderr,
        int k1,
        long k2,
        long used,
        long dropped,
        int windowIterations,
        int layersMerged,
        long timestampMs) {

    /** The layer label of network-wide estimates. */
    public static final String NETWORK = "all";

    /** Which stretch of the run an α point covers. */
    public enum Scope {
        ITERATION,
        ROLLING;

        /** The metric label value. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
