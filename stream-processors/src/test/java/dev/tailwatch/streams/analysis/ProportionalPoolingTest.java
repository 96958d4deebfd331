package dev.tailwatch.streams.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tailwatch.math.MohammadiEstimator;
import dev.tailwatch.math.MohammadiStats;
import dev.tailwatch.math.StableSampler;
import dev.tailwatch.schema.NetworkPooling;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The network-wide α pools noise in proportion to layer size (Şimşekli et al.: all parameters pooled), on
 * synthetic layers of different sizes with known α: the merged statistics are those of one estimator run
 * over the pooled values of all layers.
 */
class ProportionalPoolingTest {

    private static final int ROWS = 8;
    private static final int K1 = 8;
    private static final double[] ALPHAS = {1.1, 1.5, 1.9};

    private final CollectingSink sink = new CollectingSink();

    @Test
    void withEveryCoordinateTrackedTheNetworkAlphaIsTheEstimateOverEveryParameter() throws Exception {
        long[] parameters = {1_200, 240, 40};
        int[] tracked = {1_200, 240, 40};
        int[] pooled = NetworkPooling.columns(parameters, tracked);
        assertArrayEquals(tracked, pooled, "every coordinate tracked: every column pooled");

        RunAnalyzer run = new RunAnalyzer("p", new AnalysisConfig(5, K1, 1));
        float[][] layers = new float[3][];
        for (int l = 0; l < 3; l++) {
            layers[l] = new StableSampler(ALPHAS[l], 1.0 + l, 40 + l).floats(ROWS * tracked[l]);
            run.onNoise(sample(l, 3, tracked[l], pooled[l], layers[l]), sink);
        }

        MohammadiStats everyParameter = new MohammadiEstimator(K1).stats(concat(layers));
        AlphaPoint network = only(AlphaPoint.NETWORK);
        assertEquals(ROWS * (1_200 + 240 + 40), network.used());
        assertEquals(everyParameter.values(), network.used());
        assertEquals(everyParameter.k2(), network.k2());
        assertEquals(everyParameter.alpha(), network.alpha(), 1e-12);
        assertEquals(everyParameter.stderr(), network.stderr(), 1e-12);
        assertEquals(3, network.layersMerged());
    }

    @Test
    void withFewerTrackedThanParametersEachLayerPoolsItsShareAsTheFirstValuesInRowMajorOrder() throws Exception {
        // A 784×128-like layer, a 64×128-like one and a 10-output one, 500 coordinates tracked in each.
        long[] parameters = {100_000, 8_000, 600};
        int[] tracked = {500, 500, 500};
        int[] pooled = NetworkPooling.columns(parameters, tracked);
        assertArrayEquals(new int[] {500, 40, 3}, pooled);

        RunAnalyzer run = new RunAnalyzer("p", new AnalysisConfig(5, K1, 1));
        float[][] shares = new float[3][];
        for (int l = 0; l < 3; l++) {
            float[] values = new StableSampler(ALPHAS[l], 1.0 + l, 50 + l).floats(ROWS * tracked[l]);
            run.onNoise(sample(l, 3, tracked[l], pooled[l], values), sink);
            shares[l] = Arrays.copyOf(values, ROWS * pooled[l]);
        }

        AlphaPoint network = only(AlphaPoint.NETWORK);
        assertEquals(ROWS * (500 + 40 + 3), network.used(), "8 rows × (500 + 40 + 3) columns' worth");
        assertEquals(ROWS * (500 + 40 + 3) / K1, network.k2());
        MohammadiStats expected = new MohammadiEstimator(K1).stats(concat(shares));
        assertEquals(expected.alpha(), network.alpha(), 1e-12);
        for (int l = 0; l < 3; l++) {
            assertEquals(ROWS * 500L, only("fc" + l).used(), "a layer's own α still uses all its tracked columns");
        }
    }

    @Test
    void aShareSmallerThanOneBlockAddsNoBlockButIsCounted() throws Exception {
        long[] parameters = {10_000, 20};
        int[] tracked = {100, 20};
        int[] pooled = NetworkPooling.columns(parameters, tracked);
        assertArrayEquals(new int[] {100, 1}, pooled, "a tiny layer still pools one column");

        RunAnalyzer run = new RunAnalyzer("p", new AnalysisConfig(5, 16, 1));
        run.onNoise(sample(0, 2, 100, pooled[0], new StableSampler(1.5, 1, 1).floats(ROWS * 100)), sink);
        run.onNoise(sample(1, 2, 20, pooled[1], new StableSampler(1.5, 1, 2).floats(ROWS * 20)), sink);

        AlphaPoint network = only(AlphaPoint.NETWORK);
        assertEquals(ROWS * 100, network.used(), "the small layer's 8 values are fewer than K1=16");
        assertEquals(2, network.layersMerged());
        assertTrue(Double.isFinite(network.alpha()));
    }

    private static NoiseInput sample(int layer, int layerCount, int cols, int networkColumns, float[] values) {
        return new NoiseInput("p", 20, "fc" + layer, layer, layerCount, true, ROWS, cols, values, 1_000 + layer, networkColumns);
    }

    private AlphaPoint only(String layer) {
        List<AlphaPoint> found = sink.alphas.stream()
                .filter(p -> p.layer().equals(layer) && p.scope() == AlphaPoint.Scope.ITERATION).toList();
        assertEquals(1, found.size(), layer);
        return found.get(0);
    }

    private static float[] concat(float[][] parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] all = new float[n];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
