package dev.tailwatch.streams.analysis;

/**
 * One decoded noise sample: the noise of one layer at one monitored iteration.
 *
 * @param runId      the run
 * @param iteration  training iteration the sample was taken at (≥ 0)
 * @param layer      layer name
 * @param layerIndex position of the layer in the network
 * @param layerCount how many layers publish a sample at this iteration: the iteration is complete when
 *                   that many distinct layers have arrived
 * @param tracked    true for the probe's fixed tracked coordinates (used for α_i), false for a whole-layer sample
 * @param rows       minibatches m
 * @param cols       coordinates c
 * @param values     rows × cols noise values, row-major
 * @param timestampMs when the probe took the sample
 * @param networkColumns how many columns' worth of values go into the network-wide pool: the first
 *                   rows × networkColumns in row-major order ({@code NetworkPooling}); -1, or cols or more,
 *                   for all of them
 */
public record NoiseInput(
        String runId,
        long iteration,
        String layer,
        int layerIndex,
        int layerCount,
        boolean tracked,
        int rows,
        int cols,
        float[] values,
        long timestampMs,
        int networkColumns) {
}
