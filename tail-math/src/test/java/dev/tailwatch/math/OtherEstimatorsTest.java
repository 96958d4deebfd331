package dev.tailwatch.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** McCulloch and Hill: accuracy on data with a known answer, their standard errors, and the dropping rule. */
class OtherEstimatorsTest {

    @Test
    void mccullochRecoversAlphaOnSymmetricStableData() {
        McCullochEstimator estimator = new McCullochEstimator();
        for (double alpha : new double[] {0.8, 1.2, 1.6, 1.9}) {
            AlphaResult r = estimator.estimate(new StableSampler(alpha, 3.0, (long) (alpha * 100)).floats(100_000));
            assertEquals(alpha, r.alpha(), 0.05, "α=" + alpha);
            assertEquals(0, r.k1());
        }
    }

    @Test
    void mccullochStandardErrorMatchesTheSpreadOfRepeats() {
        McCullochEstimator estimator = new McCullochEstimator();
        int repeats = 60;
        double sum = 0;
        double sumSquares = 0;
        double stderr = 0;
        StableSampler sampler = new StableSampler(1.5, 1.0, 5);
        for (int r = 0; r < repeats; r++) {
            AlphaResult result = estimator.estimate(sampler.floats(20_000));
            sum += result.alpha();
            sumSquares += result.alpha() * result.alpha();
            stderr += result.stderr() / repeats;
        }
        double mean = sum / repeats;
        double sd = Math.sqrt((sumSquares - repeats * mean * mean) / (repeats - 1));
        assertEquals(1.5, mean, 0.02);
        assertEquals(1.0, sd / stderr, 0.3, "sd " + sd + " vs stderr " + stderr);
    }

    @Test
    void hillRecoversAParetoTailIndex() {
        for (double alpha : new double[] {0.8, 1.0}) {
            SplittableRandom random = new SplittableRandom(9);
            double[] x = new double[200_000];
            for (int i = 0; i < x.length; i++) {
                double pareto = Math.pow(1 - random.nextDouble(), -1 / alpha);
                x[i] = random.nextBoolean() ? pareto : -pareto;
            }
            AlphaResult r = new HillEstimator().estimate(x);
            assertEquals(alpha, r.alpha(), 0.05, "α=" + alpha);
            assertEquals(r.alpha() / Math.sqrt(4000), r.stderr(), 1e-12);
        }
    }

    @Test
    void bothDropAndCountUnusableValues() {
        float[] values = new StableSampler(1.0, 1.0, 3).floats(1000);
        values[1] = Float.NaN;
        values[2] = 0f;
        values[3] = Float.NEGATIVE_INFINITY;
        for (TailIndexEstimator estimator : new TailIndexEstimator[] {new McCullochEstimator(), new HillEstimator()}) {
            AlphaResult r = estimator.estimate(values);
            assertEquals(3, r.dropped(), estimator.name());
            assertEquals(997, r.used(), estimator.name());
            assertTrue(Double.isFinite(r.alpha()));
        }
    }

    @Test
    void tooFewValuesAreRefusedWithTheCount() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new McCullochEstimator().estimate(new float[] {1, 2, 3}));
        assertTrue(e.getMessage().contains("3 usable"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new HillEstimator().estimate(new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> new HillEstimator(0.9));
    }
}
