package dev.tailwatch.streams.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tailwatch.math.StableSampler;
import dev.tailwatch.schema.NetworkPooling;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Per-layer statistics on layers whose answer is known: one Gaussian, one SαS(1.2), one whole-layer sample. */
class LayerStatsTest {

    private static final int ROWS = 32;
    private static final int COLS = 200;

    private final CollectingSink sink = new CollectingSink();
    private final List<LayerStatsPoint> stats = sink.layerStats;

    @Test
    void gaussianAndHeavyTailedLayersAreToldApart() throws Exception {
        RunAnalyzer run = new RunAnalyzer("r", new AnalysisConfig(10, 0, 1)
                .withLayerStats(new LayerStatsSettings(20, 4096, 1)));
        Random random = new Random(2);
        StableSampler heavy = new StableSampler(1.2, 1e-3, 3);
        StableSampler whole = new StableSampler(1.6, 1e-3, 4);
        for (int it = 0; it < 40; it++) {
            float[] gaussian = new float[ROWS * COLS];
            for (int i = 0; i < gaussian.length; i++) {
                gaussian[i] = (float) (random.nextGaussian() * 1e-2);
            }
            run.onNoise(new NoiseInput("r", it, "gauss", 0, 2, true, ROWS, COLS, gaussian, it, NetworkPooling.ALL_COLUMNS), sink);
            run.onNoise(new NoiseInput("r", it, "heavy", 1, 2, true, ROWS, COLS, heavy.floats(ROWS * COLS), it, NetworkPooling.ALL_COLUMNS), sink);
            run.onNoise(new NoiseInput("r", it, "whole", 2, 2, false, 1, 5000, whole.floats(5000), it, NetworkPooling.ALL_COLUMNS), sink);
        }
        assertEquals(6, stats.size(), "two tumbling windows of 20 for three layers");
        assertEquals(List.of(19L, 19L, 19L, 39L, 39L, 39L), stats.stream().map(LayerStatsPoint::iteration).toList());

        for (LayerStatsPoint p : stats) {
            assertEquals(20, p.windowIterations());
            switch (p.layer()) {
                case "gauss" -> {
                    assertEquals(COLS, p.coordinates());
                    assertTrue(p.sasWinsFraction() <= 0.15, "Gaussian layer: SaS won " + p.sasWinsFraction());
                    assertEquals(2.0, p.alphaIP50(), 0.1);
                    assertEquals(2.0, p.alpha(), 0.05);
                    assertEquals(2.0, p.mccullochAlpha(), 0.1);
                    assertEquals(0.0, p.kurtosis(), 0.3);
                    assertEquals((long) ROWS * COLS * 20, p.valuesUsed());
                }
                case "heavy" -> {
                    assertTrue(p.sasWinsFraction() >= 0.9, "SaS(1.2) layer: SaS won only " + p.sasWinsFraction());
                    assertEquals(1.2, p.alphaIP50(), 0.1);
                    assertTrue(p.alphaIP10() < p.alphaIP50() && p.alphaIP50() < p.alphaIP90());
                    assertEquals(1.2, p.alpha(), 0.05);
                    assertEquals(1.2, p.mccullochAlpha(), 0.15);
                    assertTrue(p.kurtosis() > 50, "kurtosis " + p.kurtosis());
                }
                case "whole" -> {
                    assertEquals(0, p.coordinates(), "a whole-layer sample has no tracked coordinates");
                    assertTrue(Double.isNaN(p.alphaIP50()) && Double.isNaN(p.sasWinsFraction()));
                    assertEquals(1.6, p.alpha(), 0.05);
                    assertEquals(1.6, p.mccullochAlpha(), 0.15);
                }
                default -> throw new AssertionError(p.layer());
            }
        }
    }

    @Test
    void replayingTheSameInputGivesTheSameStatistics() throws Exception {
        List<LayerStatsPoint> first = runOnce();
        stats.clear();
        List<LayerStatsPoint> second = runOnce();
        // Two windows of 5 iterations in 10: equal empty lists would prove nothing.
        assertEquals(2, first.size(), "layer-stats windows: " + first);
        assertEquals(first, second);
    }

    @Test
    void withOneRowPerSampleTheWindowWaitsForEnoughValuesPerCoordinate() throws Exception {
        // The online probe sends one row per iteration: 20 iterations would give each α_i 20 values.
        RunAnalyzer run = new RunAnalyzer("r", new AnalysisConfig(5, 0, 1).withLayerStats(new LayerStatsSettings(20, 1024, 9, 160)));
        StableSampler heavy = new StableSampler(1.2, 1.0, 4);
        for (int it = 0; it < 400; it++) {
            run.onNoise(new NoiseInput("r", it, "fc0", 0, 1, true, 1, 500, heavy.floats(500), it, NetworkPooling.ALL_COLUMNS), sink);
        }
        assertEquals(2, stats.size(), "windows of 160 iterations, not 20: " + stats);
        LayerStatsPoint first = stats.get(0);
        assertEquals(160, first.windowIterations());
        assertEquals(159, first.iteration());
        assertTrue(first.sasWinsFraction() > 0.5, "SαS(1.2) coordinates with 160 values each mostly reject the Gaussian: " + first);
        assertTrue(Math.abs(first.alphaIP50() - 1.2) < 0.25, "median α_i near 1.2: " + first);
    }

    private List<LayerStatsPoint> runOnce() throws Exception {
        RunAnalyzer run = new RunAnalyzer("r", new AnalysisConfig(5, 0, 1).withLayerStats(new LayerStatsSettings(5, 100, 9)));
        StableSampler sampler = new StableSampler(1.4, 1.0, 8);
        for (int it = 0; it < 10; it++) {
            run.onNoise(new NoiseInput("r", it, "fc0", 0, 1, true, 4, 50, sampler.floats(200), it, NetworkPooling.ALL_COLUMNS), sink);
        }
        return new ArrayList<>(stats);
    }
}
