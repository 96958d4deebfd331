package dev.tailwatch.streams.analysis;

/**
 * Analysis parameters. The live processors and replay share this type: replaying with the live values
 * reproduces the live results exactly.
 *
 * @param window      rolling-α window W, in monitored iterations
 * @param fixedK1     block size for every estimate; 0 = chosen per run from its first noise sample
 *                    ({@code BlockSize.auto}) and then kept, since only equal-K1 statistics merge
 * @param lateLayerAllowance how many newer monitored iterations may start while an iteration still
 *                    waits for a missing layer; beyond that its network-wide α is published without it
 * @param detectors   parameters of the change detectors
 * @param layerStats  parameters of the per-layer heavy-tail statistics
 */
public record AnalysisConfig(int window, int fixedK1, int lateLayerAllowance, DetectorSettings detectors,
                             LayerStatsSettings layerStats) {

    public static final int DEFAULT_WINDOW = 50;

    public AnalysisConfig {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1 iteration, was " + window);
        }
        if (fixedK1 != 0 && fixedK1 < 2) {
            throw new IllegalArgumentException("K1 must be 0 (automatic) or at least 2, was " + fixedK1);
        }
        if (lateLayerAllowance < 0) {
            throw new IllegalArgumentException("lateLayerAllowance must be ≥ 0, was " + lateLayerAllowance);
        }
    }

    /** With the default detectors and layer statistics. */
    public AnalysisConfig(int window, int fixedK1, int lateLayerAllowance) {
        this(window, fixedK1, lateLayerAllowance, DetectorSettings.defaults(), LayerStatsSettings.defaults());
    }

    public static AnalysisConfig defaults() {
        return new AnalysisConfig(DEFAULT_WINDOW, 0, 1);
    }

    public AnalysisConfig withLayerStats(LayerStatsSettings settings) {
        return new AnalysisConfig(window, fixedK1, lateLayerAllowance, detectors, settings);
    }
}
