package dev.tailwatch.trainer.probe;

/**
 * The noise of one layer at one monitored iteration: rows × cols, row-major.
 *
 * @param tracked true for the tracked coordinates (cols = c), false for a whole-layer sample
 * @param networkColumns how many columns go into the network-wide α ({@link TrackedCoordinates#networkColumns});
 *                       {@code NetworkPooling.ALL_COLUMNS} for a whole-layer sample, which is not pooled
 */
public record ProbedNoise(long iteration, String layer, int layerIndex, int layerCount, boolean tracked, int rows,
                          int cols, float[] values, int networkColumns) {
}
