package dev.tailwatch.math.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
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
        float[] stream = new float[100_000];
        for (int i = 0; i < stream.length; i++) {
            stream[i] = i;
        }
        // The same stream in different slices gives the same sample.
        a.offer(stream);
        for (int from = 0; from < stream.length; from += 777) {
            b.offer(Arrays.copyOfRange(stream, from, Math.min(stream.length, from + 777)));
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
        small.offer(new float[] {1f, 0f, Float.NaN, 2f});
        assertArrayEquals(new float[] {1f, 0f, Float.NaN, 2f}, small.values());
        assertArrayEquals(new float[] {1f, 2f}, small.usableValues());
    }

    @Test
    void everyPositionIsEquallyLikelyToBeKept() {
        // Over many seeds each of 50 positions of a 500-value stream is kept with probability 10/500.
        int[] kept = new int[500];
        float[] stream = new float[500];
        for (int i = 0; i < stream.length; i++) {
            stream[i] = i + 1;
        }
        int trials = 20_000;
        for (int seed = 0; seed < trials; seed++) {
            Reservoir r = new Reservoir(10, seed);
            r.offer(stream);
            for (float v : r.values()) {
                kept[(int) v - 1]++;
            }
        }
        double expected = trials * 10 / 500.0;
        for (int i = 0; i < kept.length; i += 50) {
            assertEquals(expected, kept[i], 5 * Math.sqrt(expected), "position " + i);
        }
    }

    @Test
    void bulkMomentsEqualOneByOne() {
        Random random = new Random(8);
        Moments bulk = new Moments();
        for (int block = 0; block < 20; block++) {
            float[] values = new float[137];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (Math.pow(random.nextGaussian(), 3) + 5);
            }
            if (block % 2 == 0) {
                values[3] = Float.NaN;   // odd blocks are all usable: both passes are checked
            }
            bulk.addUsable(values);
        }
        Moments reference = new Moments();
        Random again = new Random(8);
        for (int block = 0; block < 20; block++) {
            for (int i = 0; i < 137; i++) {
                float v = (float) (Math.pow(again.nextGaussian(), 3) + 5);
                if (i != 3 || block % 2 == 1) {
                    reference.add(v);
                }
            }
        }
        assertEquals(reference.count(), bulk.count());
        assertEquals(reference.mean(), bulk.mean(), 1e-12);
        assertEquals(reference.excessKurtosis(), bulk.excessKurtosis(), 1e-9 * Math.abs(reference.excessKurtosis()));
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
