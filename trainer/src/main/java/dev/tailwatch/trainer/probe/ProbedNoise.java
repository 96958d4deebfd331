package dev.tailwatch.trainer.probe;

/**
 * The noise of one layer at one monitored iteration: rows × cols, row-major.
 *
 * @param tracked true for the tracked coordinates (cols = c), false for a whole-layer sample
 */
public record ProbedNoise(long iteration, String layer, int layerIndex, int layerCount, boolean tracked, int rows,
                          int cols, float[] values) {
}
