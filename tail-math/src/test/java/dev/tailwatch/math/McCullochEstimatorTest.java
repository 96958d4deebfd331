package dev.tailwatch.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class McCullochEstimatorTest {

    private final McCullochEstimator estimator = new McCullochEstimator();

    @Test
    void recoversAlphaOnSymmetricStableData() {
        for (double alpha : new double[] {0.8, 1.2, 1.6, 1.9}) {
            // A scale other than 1 checks that ν̂ is scale-free.
            double[] x = symmetricStable(alpha, 2.5, 100_000, (long) (alpha * 1000));
            AlphaResult r = estimator.estimate(x);
            System.out.printf("mcculloch α=%.1f n=100000: α̂=%.4f stderr=%.4f%n", alpha, r.alpha(), r.stderr());
            assertEquals(alpha, r.alpha(), 0.05, "α=" + alpha);
            assertEquals("mcculloch", r.estimator());
            assertEquals(100_000, r.used());
            assertEquals(0, r.dropped());
            assertEquals(0, r.truncated());
            assertEquals(0, r.k1());
            assertEquals(0, r.k2());
            assertEquals(0, r.zeroBlocks());
            // At n = 1e5 the delta-method error is about 0.005–0.02.
            assertTrue(r.stderr() > 0.002 && r.stderr() < 0.03, "stderr " + r.stderr());
        }
    }

    @Test
    void standardErrorMatchesTheSpreadOfRepeats() {
        double alpha = 1.5;
        int repeats = 40;
        int n = 20_000;
        double[] estimates = new double[repeats];
        double meanStderr = 0;
        SplittableRandom seeds = new SplittableRandom(2024);
        for (int r = 0; r < repeats; r++) {
            AlphaResult result = estimator.estimate(symmetricStable(alpha, 1.0, n, seeds.nextLong()));
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
        System.out.printf("mcculloch α=1.5 n=20000 x%d: mean α̂=%.4f empirical sd=%.4f mean stderr=%.4f%n",
                repeats, mean, sd, meanStderr);
        assertEquals(alpha, mean, 0.02);
        assertEquals(1.0, sd / meanStderr, 0.4, "sd " + sd + " vs stderr " + meanStderr);
        // The standard error shrinks like 1/√n.
        assertEquals(2.0, McCullochEstimator.stderr(alpha, 10_000) / McCullochEstimator.stderr(alpha, 40_000), 1e-9);
    }

    @Test
    void outsideTheTableTheEstimateIsHeldAtItsEnds() {
        // Uniform data: lighter than Gaussian, ν = 0.9/0.5 = 1.8 < ν(2).
        SplittableRandom random = new SplittableRandom(1);
        double[] uniform = new double[10_000];
        for (int i = 0; i < uniform.length; i++) {
            uniform[i] = random.nextDouble() - 0.5;
        }
        assertEquals(2.0, estimator.estimate(uniform).alpha());
        // α = 0.3: far heavier than the table reaches.
        assertEquals(0.5, estimator.estimate(symmetricStable(0.3, 1.0, 10_000, 3)).alpha());
    }

    @Test
    void dropsAndCountsUnusableValues() {
        double[] clean = symmetricStable(1.3, 1.0, 5_000, 11);
        double[] dirty = new double[clean.length + 6];
        System.arraycopy(clean, 0, dirty, 6, clean.length);
        dirty[0] = 0.0;
        dirty[1] = -0.0;
        dirty[2] = Double.NaN;
        dirty[3] = Double.POSITIVE_INFINITY;
        dirty[4] = Double.NEGATIVE_INFINITY;
        dirty[5] = 0.0;
        AlphaResult r = estimator.estimate(dirty);
        assertEquals(6, r.dropped());
        assertEquals(5_000, r.used());
        assertEquals(estimator.estimate(clean).alpha(), r.alpha(), 0);

        float[] floats = new float[clean.length];
        for (int i = 0; i < floats.length; i++) {
            floats[i] = i % 10 == 0 ? 0f : (float) clean[i];
        }
        AlphaResult fromFloats = estimator.estimate(floats);
        assertEquals(500, fromFloats.dropped());
        assertEquals(4_500, fromFloats.used());
    }

    @Test
    void tooFewValuesAreRefused() {
        double[] nineteen = symmetricStable(1.5, 1.0, 19, 5);
        double[] withZeros = new double[40];
        System.arraycopy(nineteen, 0, withZeros, 0, 19);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> estimator.estimate(withZeros));
        assertTrue(e.getMessage().contains("19 usable"), e.getMessage());
        AlphaResult twenty = estimator.estimate(symmetricStable(1.5, 1.0, 20, 5));
        assertEquals(20, twenty.used());
        assertThrows(IllegalArgumentException.class, () -> estimator.estimate(new float[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
            1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2}));
    }

    @Test
    void quantilesFollowMcCullochsPlottingPosition() {
        double[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        // The i-th of n is the (i − ½)/n quantile: 0.05 → first, 0.25 → 3rd, 0.75 → 8th, 0.95 → last.
        assertEquals(1, McCullochEstimator.quantile(sorted, 0.05), 0);
        assertEquals(3, McCullochEstimator.quantile(sorted, 0.25), 0);
        assertEquals(8, McCullochEstimator.quantile(sorted, 0.75), 0);
        assertEquals(10, McCullochEstimator.quantile(sorted, 0.95), 0);
        assertEquals(5.5, McCullochEstimator.quantile(sorted, 0.5), 0);
        assertEquals(1, McCullochEstimator.quantile(sorted, 0.01), 0);
    }

    /** SαS(α, σ) by Chambers–Mallows–Stuck, kept here so the estimator is tested against an independent sampler. */
    static double[] symmetricStable(double alpha, double scale, int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double v = Math.PI * (random.nextDouble() - 0.5);
            if (alpha == 1) {
                x[i] = scale * Math.tan(v);
                continue;
            }
            double w = -Math.log(1 - random.nextDouble());
            x[i] = scale * Math.sin(alpha * v) / Math.pow(Math.cos(v), 1 / alpha)
                    * Math.pow(Math.cos(v - alpha * v) / w, (1 - alpha) / alpha);
        }
        return x;
    }
}
