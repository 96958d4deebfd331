package dev.tailwatch.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seed's Figure 3(b) check and the equivalence of the fast and the plain paths. */
class MohammadiAccuracyTest {

    private static final int K1 = 100;
    private static final int K2 = 1000;
    private static final int REPEATS = 100;

    @Test
    void reproducesFigure3bBiasAndSpread() {
        List<String> report = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        MohammadiEstimator estimator = new MohammadiEstimator(K1);
        for (int step = 0; step <= 15; step++) {
            double alpha = 0.5 + 0.1 * step;
            StableSampler sampler = new StableSampler(alpha, 1.0, 1000 + step);
            float[] values = new float[K1 * K2];
            double sum = 0;
            double sumSquares = 0;
            double deltaSd = 0;
            for (int r = 0; r < REPEATS; r++) {
                sampler.fill(values);
                AlphaResult result = estimator.estimate(values);
                sum += result.alpha();
                sumSquares += result.alpha() * result.alpha();
                deltaSd += result.stderr() / REPEATS;
            }
            double mean = sum / REPEATS;
            double sd = Math.sqrt((sumSquares - REPEATS * mean * mean) / (REPEATS - 1));
            String line = String.format("alpha=%.1f mean=%.4f bias=%+.4f sd=%.4f deltaSd=%.4f ratio=%.2f",
                    alpha, mean, mean - alpha, sd, deltaSd, sd / deltaSd);
            report.add(line);
            if (Math.abs(mean - alpha) > 0.01 || Math.abs(sd / deltaSd - 1) > 0.30) {
                failures.add(line);
            }
        }
        report.forEach(System.out::println);
        assertTrue(failures.isEmpty(), "outside |bias| <= 0.01 or spread within 30 % of delta sd: " + failures);
    }

    @Test
    void fastFloatPathEqualsTheOneLogPerValueReference() {
        int[][] shapes = {{7, 13}, {24, 10}, {25, 40}, {100, 1000}, {317, 41}, {1000, 3}};
        for (int[] shape : shapes) {
            int k1 = shape[0];
            int n = k1 * shape[1] + 5;
            float[] values = new StableSampler(0.9, 3.0, k1).floats(n);
            values[n / 2] = Float.MIN_VALUE;
            values[n / 3] = -Float.MAX_VALUE;
            double expected = ReferenceMohammadi.alpha(ReferenceMohammadi.widen(java.util.Arrays.copyOf(values, n - 5)), k1);
            double fast = new MohammadiEstimator(k1).estimate(values).alpha();
            double plain = new MohammadiEstimator(k1).estimate(ReferenceMohammadi.widen(values)).alpha();
            assertEquals(expected, fast, 1e-12 * Math.abs(expected), "K1=" + k1);
            assertEquals(expected, plain, 1e-12 * Math.abs(expected), "K1=" + k1);
        }
    }

    @Test
    void mergedStatisticsEqualTheEstimateOnTheConcatenation() {
        int k1 = 50;
        float[] a = new StableSampler(1.4, 1.0, 21).floats(k1 * 30);
        float[] b = new StableSampler(1.4, 5.0, 22).floats(k1 * 70);
        float[] c = new StableSampler(1.4, 0.1, 23).floats(k1 * 11);
        float[] all = new float[a.length + b.length + c.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        System.arraycopy(c, 0, all, a.length + b.length, c.length);
        MohammadiEstimator estimator = new MohammadiEstimator(k1);
        MohammadiStats merged = estimator.stats(a).plus(estimator.stats(b)).plus(estimator.stats(c));
        MohammadiStats whole = estimator.stats(all);
        assertEquals(whole.blocks(), merged.blocks());
        assertEquals(whole.values(), merged.values());
        assertEquals(whole.sumLnAbsBlocks(), merged.sumLnAbsBlocks(), 1e-12 * Math.abs(whole.sumLnAbsBlocks()));
        assertEquals(whole.sumLnAbsValues(), merged.sumLnAbsValues(), 1e-12 * Math.abs(whole.sumLnAbsValues()));
        assertEquals(whole.alpha(), merged.alpha(), 1e-12);
        assertEquals(whole.stderr(), merged.stderr(), 1e-12);
        MohammadiStats slid = merged.minus(estimator.stats(a));
        assertEquals(estimator.stats(b).plus(estimator.stats(c)).alpha(), slid.alpha(), 1e-9);
    }
}
