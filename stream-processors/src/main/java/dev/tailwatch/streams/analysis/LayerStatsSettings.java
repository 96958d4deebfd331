package dev.tailwatch.streams.analysis;

/**
 * Parameters of the per-layer heavy-tail statistics.
 *
 * @param window        monitored iterations per tumbling window; a LayerStats record closes each
 * @param reservoirSize pooled values kept per layer and window for McCulloch and Hill (a uniform sample)
 * @param seed          seed of the reservoir sampling, so that a replay picks the same sample
 */
public record LayerStatsSettings(int window, int reservoirSize, long seed) {

    public static final int DEFAULT_WINDOW = 20;
    public static final int DEFAULT_RESERVOIR = 1024;

    public LayerStatsSettings {
        if (window < 1) {
            throw new IllegalArgumentException("layer-stats window must be at least 1 iteration, was " + window);
        }
        if (reservoirSize < 100) {
            throw new IllegalArgumentException("reservoir must hold at least 100 values, was " + reservoirSize);
        }
    }

    public static LayerStatsSettings defaults() {
        return new LayerStatsSettings(DEFAULT_WINDOW, DEFAULT_RESERVOIR, 0x7a11);
    }
}
