package dev.tailwatch.cli;

import dev.tailwatch.streams.analysis.AnalysisConfig;
import dev.tailwatch.streams.analysis.DetectorSettings;
import dev.tailwatch.streams.analysis.LayerStatsSettings;
import picocli.CommandLine.Option;

/**
 * The analysis parameters, shared by every command that analyses (live processing, the demo, replay),
 * so a replay can be given exactly the live values, or different ones.
 */
final class AnalysisOptions {

    @Option(names = "--window", paramLabel = "W", defaultValue = "" + AnalysisConfig.DEFAULT_WINDOW,
            description = "Rolling-α window in monitored iterations (default ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--k1", paramLabel = "N", defaultValue = "0",
            description = "Fixed block size K1 for every run (default: chosen per run from its first noise sample).")
    int k1;

    @Option(names = "--late-layer-allowance", paramLabel = "N", defaultValue = "1",
            description = "Newer monitored iterations an iteration waits for a missing layer (default ${DEFAULT-VALUE}).")
    int lateLayerAllowance;

    @Option(names = "--layer-stats-window", paramLabel = "N", defaultValue = "" + LayerStatsSettings.DEFAULT_WINDOW,
            description = "Monitored iterations per layer-statistics window (α_i quantiles, SαS wins; default ${DEFAULT-VALUE}).")
    int layerStatsWindow;

    @Option(names = "--layer-stats-min-values", paramLabel = "N", defaultValue = "" + LayerStatsSettings.DEFAULT_MIN_VALUES_PER_COORDINATE,
            description = "A layer-statistics window also waits until each tracked parameter has N values, so α_i rests on "
                    + "enough of them (default ${DEFAULT-VALUE}; 0 = windows of exactly --layer-stats-window iterations).")
    int layerStatsMinValues;

    @Option(names = "--reservoir", paramLabel = "N", defaultValue = "" + LayerStatsSettings.DEFAULT_RESERVOIR,
            description = "Pooled values sampled per layer and window for McCulloch and Hill (default ${DEFAULT-VALUE}).")
    int reservoir;

    /** The configuration, with the option that is out of range named in the error. */
    AnalysisConfig config() throws BadInputException {
        try {
            LayerStatsSettings defaults = LayerStatsSettings.defaults();
            return new AnalysisConfig(window, k1, lateLayerAllowance, DetectorSettings.defaults(),
                    new LayerStatsSettings(layerStatsWindow, reservoir, defaults.seed(), layerStatsMinValues));
        } catch (IllegalArgumentException e) {
            throw new BadInputException("analysis options: " + e.getMessage()
                    + " (see --window, --k1, --late-layer-allowance, --layer-stats-window, --layer-stats-min-values, --reservoir)");
        }
    }
}
