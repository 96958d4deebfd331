package dev.tailwatch.streams.analysis;

/**
 * Parameters of the per-layer heavy-tail statistics.
 *
 * @param window        monitored iterations per tumbling window; a LayerStats record closes each
 * @param reservoirSize pooled values kept per layer and window for McCulloch and Hill (a uniform sample)
 * @param seed          seed of the reservoir sampling, so that a replay picks the same sample
 * @param minValuesPerCoordinate a window also stays open until each tracked coordinate has this many values:
 *                      with one row per sample (the online probe) 20 iterations give α_i from 20 values, whose
 *                      standard error (≈ 0.9 at α = 1.5) makes every coordinate look Gaussian; 0 = no minimum
 */
public record LayerStatsSettings(int window, int reservoirSize, long seed, int minValuesPerCoordinate) {

    public static final int DEFAULT_WINDOW = 20;
    public static final int DEFAULT_RESERVOIR = 1024;
    /** 160 values: K1 = 10, K2 = 16 per coordinate, what the exact probe's defaults (m = 8) give in 20 iterations. */
    public static final int DEFAULT_MIN_VALUES_PER_COORDINATE = 160;

    /** A window of exactly {@code window} iterations, however few values a coordinate gets. */
    public LayerStatsSettings(int window, int reservoirSize, long seed) {
        this(window, reservoirSize, seed, 0);
    }

    public LayerStatsSettings {
        if (window < 1) {
            throw new IllegalArgumentException("layer-stats window must be at least 1 iteration, was " + window);
        }
        if (minValuesPerCoordinate < 0) {
            throw new IllegalArgumentException("minimum values per coordinate must not be negative, was " + minValuesPerCoordinate);
        }
        if (reservoirSize < 100) {
            throw new IllegalArgumentException("reservoir must hold at least 100 values, was " + reservoirSize);
        }
    }

    public static LayerStatsSettings defaults() {
        return new LayerStatsSettings(DEFAULT_WINDOW, DEFAULT_RESERVOIR, 0x7a11, DEFAULT_MIN_VALUES_PER_COORDINATE);
    }
}
