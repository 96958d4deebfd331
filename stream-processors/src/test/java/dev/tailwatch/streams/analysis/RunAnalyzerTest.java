package dev.tailwatch.streams.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tailwatch.math.MohammadiEstimator;
import dev.tailwatch.math.MohammadiStats;
import dev.tailwatch.math.StableSampler;
import dev.tailwatch.schema.NetworkPooling;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RunAnalyzerTest {

    private final CollectingSink sink = new CollectingSink();
    private final List<AlphaPoint> points = sink.alphas;

    @Test
    void networkAlphaOfAnIterationMergesAllItsLayersExactly() throws Exception {
        RunAnalyzer run = new RunAnalyzer("r1", new AnalysisConfig(5, 50, 1));
        float[][] layerValues = new float[3][];
        for (int layer = 0; layer < 3; layer++) {
            layerValues[layer] = new StableSampler(1.2 + 0.2 * layer, 1.0 + layer, layer).floats(1000);
            run.onNoise(noise(7, layer, 3, layerValues[layer]), sink);
        }
        AlphaPoint network = only(AlphaPoint.NETWORK, AlphaPoint.Scope.ITERATION);
        MohammadiEstimator estimator = new MohammadiEstimator(50);
        MohammadiStats merged = estimator.stats(layerValues[0]).plus(estimator.stats(layerValues[1])).plus(estimator.stats(layerValues[2]));
        assertEquals(merged.alpha(), network.alpha(), 1e-12);
        assertEquals(3, network.layersMerged());
        assertEquals(7, network.iteration());
        assertEquals(3000, network.used());
        assertEquals(3, points.stream().filter(p -> p.scope() == AlphaPoint.Scope.ITERATION && !p.layer().equals("all")).count());
    }

    @Test
    void wholeLayerSamplesAreTheirOwnSeriesAndStayOutOfTheNetworkAlpha() throws Exception {
        RunAnalyzer run = new RunAnalyzer("r1", new AnalysisConfig(5, 50, 1));
        float[] fc0 = new StableSampler(1.2, 1.0, 1).floats(1000);
        float[] fc1 = new StableSampler(1.6, 1.0, 2).floats(1000);
        run.onNoise(noise(3, 0, 2, fc0), sink);
        run.onNoise(new NoiseInput("r1", 3, "fc0:whole", 0, 2, false, 1, 2000, new StableSampler(1.9, 5.0, 3).floats(2000), 1003, NetworkPooling.ALL_COLUMNS), sink);
        run.onNoise(noise(3, 1, 2, fc1), sink);
        MohammadiEstimator estimator = new MohammadiEstimator(50);
        AlphaPoint network = only(AlphaPoint.NETWORK, AlphaPoint.Scope.ITERATION);
        assertEquals(estimator.stats(fc0).plus(estimator.stats(fc1)).alpha(), network.alpha(), 1e-12);
        assertEquals(2, network.layersMerged());
        assertEquals(3, only("fc0:whole", AlphaPoint.Scope.ITERATION).iteration(), "the whole-layer sample has its own α");
        assertEquals(0, run.lateSamples());
    }

    @Test
    void rollingAlphaCoversTheLastWindowIterations() throws Exception {
        RunAnalyzer run = new RunAnalyzer("r1", new AnalysisConfig(3, 40, 1));
        MohammadiEstimator estimator = new MohammadiEstimator(40);
        List<MohammadiStats> history = new ArrayList<>();
        for (int it = 0; it < 6; it++) {
            float[] values = new StableSampler(1.5, 1.0, 100 + it).floats(800);
            history.add(estimator.stats(values));
            run.onNoise(noise(it * 10, 0, 1, values), sink);
        }
        AlphaPoint last = points.stream().filter(p -> p.layer().equals("fc0") && p.scope() == AlphaPoint.Scope.ROLLING)
                .reduce((a, b) -> b).orElseThrow();
        MohammadiStats expected = history.get(3).plus(history.get(4)).plus(history.get(5));
        assertEquals(expected.alpha(), last.alpha(), 1e-12);
        assertEquals(3, last.windowIterations());
        assertEquals(50, last.iteration());
        // With one layer every iteration is complete at once: the network series follows the layer.
        AlphaPoint networkRolling = points.stream().filter(p -> p.layer().equals("all") && p.scope() == AlphaPoint.Scope.ROLLING)
                .reduce((a, b) -> b).orElseThrow();
        assertEquals(expected.alpha(), networkRolling.alpha(), 1e-12);
    }

    @Test
    void aMissingLayerIsClosedOutOnceTheAllowanceIsUsedUp() throws Exception {
        RunAnalyzer run = new RunAnalyzer("r1", new AnalysisConfig(5, 20, 1));
        float[] v = new StableSampler(1.5, 1.0, 1).floats(200);
        run.onNoise(noise(0, 0, 2, v), sink);            // layer 1 of iteration 0 never comes
        run.onNoise(noise(10, 0, 2, v), sink);
        assertTrue(networkIterations().isEmpty(), "within the allowance iteration 0 still waits");
        run.onNoise(noise(20, 0, 2, v), sink);
        assertEquals(List.of(0L), networkIterations());
        assertEquals(1, only(AlphaPoint.NETWORK, AlphaPoint.Scope.ITERATION).layersMerged());
        run.onNoise(noise(10, 1, 2, v), sink);            // completes 10
        run.onNoise(noise(0, 1, 2, v), sink);             // late: 0 is closed
        assertEquals(List.of(0L, 10L), networkIterations());
        assertEquals(1, run.lateSamples());
    }

    @Test
    void rejectsBadSamplesWithoutApplyingAnything() {
        RunAnalyzer run = new RunAnalyzer("r1", new AnalysisConfig(5, 20, 1));
        float[] nan = new float[100];
        Arrays.fill(nan, Float.NaN);
        assertEquals(RejectReason.NO_USABLE_VALUES,
                assertThrows(RejectedInputException.class, () -> run.onNoise(noise(1, 0, 1, nan), sink)).reason());
        assertEquals(RejectReason.NEGATIVE_ITERATION, assertThrows(RejectedInputException.class,
                () -> run.onNoise(noise(-1, 0, 1, new float[] {1, 2}), sink)).reason());
        assertEquals(RejectReason.TOO_FEW_VALUES, assertThrows(RejectedInputException.class,
                () -> run.onNoise(noise(1, 0, 1, new float[] {1, 2, 3, 4, 5}), sink)).reason());
        NoiseInput wrongShape = new NoiseInput("r1", 1, "fc0", 0, 1, false, 3, 3, new float[10], 0, NetworkPooling.ALL_COLUMNS);
        assertEquals(RejectReason.WRONG_SHAPE,
                assertThrows(RejectedInputException.class, () -> run.onNoise(wrongShape, sink)).reason());
        assertTrue(points.isEmpty());
        assertEquals(0, run.k1());
    }

    @Test
    void k1IsChosenFromTheFirstSampleAndKept() throws Exception {
        RunAnalyzer run = new RunAnalyzer("r1", AnalysisConfig.defaults());
        run.onNoise(noise(0, 0, 1, new StableSampler(1.5, 1.0, 1).floats(4096)), sink);
        assertEquals(64, run.k1());
        run.onNoise(noise(1, 0, 1, new StableSampler(1.5, 1.0, 2).floats(1000)), sink);
        assertEquals(64, points.get(points.size() - 1).k1());
    }

    private List<Long> networkIterations() {
        return points.stream().filter(p -> p.layer().equals("all") && p.scope() == AlphaPoint.Scope.ITERATION)
                .map(AlphaPoint::iteration).collect(Collectors.toList());
    }

    private AlphaPoint only(String layer, AlphaPoint.Scope scope) {
        List<AlphaPoint> matching = points.stream().filter(p -> p.layer().equals(layer) && p.scope() == scope).toList();
        assertEquals(1, matching.size(), matching.toString());
        return matching.get(0);
    }

    private static NoiseInput noise(long iteration, int layer, int layerCount, float[] values) {
        return new NoiseInput("r1", iteration, "fc" + layer, layer, layerCount, true, 1, values.length, values, 1000 + iteration, NetworkPooling.ALL_COLUMNS);
    }
}
