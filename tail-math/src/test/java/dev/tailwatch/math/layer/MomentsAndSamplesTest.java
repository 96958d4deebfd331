package dev.tailwatch.math.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MomentsAndSamplesTest {

    @Test
    void kurtosisMatchesTheTwoPassFormula() {
        double[] x = {1, 2, 4, 8, -3, 0.5, 7, 7, -10, 2.25};
        Moments moments = new Moments();
        double mean = 0;
        for (double v : x) {
            moments.add(v);
            mean += v / x.length;
        }
        double m2 = 0;
        double m4 = 0;
        for (double v : x) {
            m2 += Math.pow(v - mean, 2);
            m4 += Math.pow(v - mean, 4);
        }
        assertEquals(x.length * m4 / (m2 * m2) - 3, moments.excessKurtosis(), 1e-12);
        assertEquals(mean, moments.mean(), 1e-12);
    }

    @Test
    void kurtosisOfKnownLaws() {
        Random random = new Random(3);
        Moments gaussian = new Moments();
        Moments uniform = new Moments();
        for (int i = 0; i < 400_000; i++) {
            gaussian.add(random.nextGaussian());
            uniform.add(random.nextDouble());
        }
        assertEquals(0.0, gaussian.excessKurtosis(), 0.05);
        assertEquals(-1.2, uniform.excessKurtosis(), 0.02);
        assertTrue(Double.isNaN(new Moments().excessKurtosis()));
    }

    @Test
    void reservoirIsBoundedRepeatableAndUniform() {
        Reservoir a = new Reservoir(1000, 42);
        Reservoir b = new Reservoir(1000, 42);
        for (int i = 0; i < 100_000; i++) {
            a.offer(i);
            b.offer(i);
        }
        assertEquals(100_000, a.seen());
        assertEquals(1000, a.values().length);
        assertArrayEquals(a.values(), b.values());
        double mean = 0;
        for (float v : a.values()) {
            mean += v / 1000.0;
        }
        // Uniform over 0..99999: mean 50000, sd of the mean about 28867/√1000 ≈ 913.
        assertEquals(50_000, mean, 4 * 913);
        Reservoir small = new Reservoir(10, 1);
        small.offer(1f);
        small.offer(2f);
        assertArrayEquals(new float[] {1f, 2f}, small.values());
    }

    @Test
    void quantilesInterpolateLikeNumpy() {
        double[] sorted = {1, 2, 3, 4, 10};
        assertEquals(1.4, SampleQuantile.of(sorted, 0.1), 1e-12);   // numpy.quantile(.., 0.1)
        assertEquals(3.0, SampleQuantile.of(sorted, 0.5), 1e-12);
        assertEquals(7.6, SampleQuantile.of(sorted, 0.9), 1e-12);
        assertEquals(10.0, SampleQuantile.of(sorted, 1.0), 1e-12);
        assertEquals(5.0, SampleQuantile.of(new double[] {5}, 0.3), 1e-12);
    }
}
