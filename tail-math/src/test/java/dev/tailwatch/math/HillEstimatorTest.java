package dev.tailwatch.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HillEstimatorTest {

    @Test
    void recoversTheIndexOfASymmetricParetoTail() {
        for (double alpha : new double[] {0.8, 1.0}) {
            AlphaResult r = new HillEstimator().estimate(symmetricPareto(alpha, 100_000, 9));
            System.out.printf("hill α=%.1f n=100000 k=2000: α̂=%.4f stderr=%.4f%n", alpha, r.alpha(), r.stderr());
            assertEquals(alpha, r.alpha(), 0.05, "α=" + alpha);
            assertEquals("hill", r.estimator());
            assertEquals(100_000, r.used());
            assertEquals(0, r.dropped());
            assertEquals(0, r.k1());
            // k = 2 % of 100 000.
            assertEquals(r.alpha() / Math.sqrt(2000), r.stderr(), 1e-12);
        }
    }

    @Test
    void hillIsExactOnAKnownSample() {
        // Magnitudes 1..12 (signs are irrelevant), k = 10 (the minimum): threshold X_(11) = 2.
        double[] x = {-1, 2, -3, 4, 5, -6, 7, 8, -9, 10, 11, -12};
        double sum = 0;
        for (int v = 3; v <= 12; v++) {
            sum += Math.log(v / 2.0);
        }
        AlphaResult r = new HillEstimator().estimate(x);
        assertEquals(10 / sum, r.alpha(), 1e-12);
        assertEquals(10 / sum / Math.sqrt(10), r.stderr(), 1e-12);
    }

    @Test
    void standardErrorMatchesTheSpreadOfRepeats() {
        int repeats = 40;
        double[] estimates = new double[repeats];
        double meanStderr = 0;
        SplittableRandom seeds = new SplittableRandom(77);
        HillEstimator hill = new HillEstimator(0.05);
        for (int r = 0; r < repeats; r++) {
            AlphaResult result = hill.estimate(symmetricPareto(0.9, 10_000, seeds.nextLong()));
            estimates[r] = result.alpha();
            meanStderr += result.stderr() / repeats;
        }
        double mean = 0;
        for (double e : estimates) {
            mean += e / repeats;
        }
        double squares = 0;
        for (double e : estimates) {
            squares += (e - mean) * (e - mean);
        }
        double sd = Math.sqrt(squares / (repeats - 1));
        System.out.printf("hill α=0.9 n=10000 k=500 x%d: mean α̂=%.4f empirical sd=%.4f mean stderr=%.4f%n",
                repeats, mean, sd, meanStderr);
        assertEquals(0.9, mean, 0.03);
        assertEquals(1.0, sd / meanStderr, 0.4, "sd " + sd + " vs stderr " + meanStderr);
    }

    @Test
    void dropsAndCountsUnusableValues() {
        double[] clean = symmetricPareto(1.0, 2_000, 4);
        float[] dirty = new float[clean.length + 4];
        for (int i = 0; i < clean.length; i++) {
            dirty[i + 4] = (float) clean[i];
        }
        dirty[0] = 0f;
        dirty[1] = Float.NaN;
        dirty[2] = Float.POSITIVE_INFINITY;
        dirty[3] = -0f;
        AlphaResult r = new HillEstimator().estimate(dirty);
        assertEquals(4, r.dropped());
        assertEquals(2_000, r.used());
        assertTrue(r.alpha() > 0.7 && r.alpha() < 1.4, "α̂ " + r.alpha());
    }

    @Test
    void refusesTooFewValuesAndBadFractions() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new HillEstimator().estimate(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0, Double.NaN}));
        assertTrue(e.getMessage().contains("10 usable"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new HillEstimator(0));
        assertThrows(IllegalArgumentException.class, () -> new HillEstimator(0.9));
        assertThrows(IllegalArgumentException.class, () -> new HillEstimator().estimate(new double[] {3, 3, 3, 3, 3,
            3, 3, 3, 3, 3, 3, 3}));
    }

    /** |X| is Pareto(α) on [1, ∞) with a random sign: Hill's assumption holds exactly. */
    private static double[] symmetricPareto(double alpha, int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double pareto = Math.pow(1 - random.nextDouble(), -1 / alpha);
            x[i] = random.nextBoolean() ? pareto : -pareto;
        }
        return x;
    }
}
