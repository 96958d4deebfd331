package dev.tailwatch.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** One test per convention of DESIGN.md's estimator section. */
class MohammadiConventionsTest {

    private static final double TIGHT = 1e-12;

    @Test
    void dropsZerosNaNAndInfinitiesAndCountsThem() {
        float[] clean = new StableSampler(1.3, 1.0, 11).floats(400);
        float[] dirty = new float[clean.length + 5];
        float[] bad = {0.0f, -0.0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        int[] at = {0, 57, 133, 250, 404};
        for (int i = 0, c = 0, b = 0; i < dirty.length; i++) {
            dirty[i] = (b < at.length && i == at[b]) ? bad[b++] : clean[c++];
        }
        AlphaResult fromDirty = new MohammadiEstimator().estimate(dirty);
        AlphaResult fromClean = new MohammadiEstimator().estimate(clean);
        assertEquals(5, fromDirty.dropped());
        assertEquals(0, fromClean.dropped());
        assertEquals(fromClean.alpha(), fromDirty.alpha(), TIGHT);
        assertEquals(400, fromDirty.used());
    }

    @Test
    void compactsBeforeBlocking() {
        // With K1 = 4, one NaN at index 1 shifts every later value into a different block.
        float[] values = new StableSampler(1.0, 1.0, 12).floats(41);
        values[1] = Float.NaN;
        double[] compacted = UsableValues.compact(values);
        double expected = ReferenceMohammadi.alpha(Arrays.copyOf(compacted, 40), 4);
        AlphaResult result = new MohammadiEstimator(4).estimate(values);
        assertEquals(expected, result.alpha(), TIGHT);
        assertEquals(1, result.dropped());
        // Blocking first and then dropping would give another answer: the test can tell them apart.
        double[] blockedFirst = ReferenceMohammadi.widen(values);
        blockedFirst[1] = 1e-30;
        assertNotEquals(expected, ReferenceMohammadi.alpha(Arrays.copyOf(blockedFirst, 40), 4), 1e-6);
    }

    @Test
    void leavesZeroSumBlocksOutOfTheBlockMean() {
        float[] values = {1f, -1f, 3f, 5f, -2f, 7f, 0.5f, 0.25f};
        MohammadiStats stats = new MohammadiEstimator(2).stats(values);
        assertEquals(1, stats.zeroBlocks());
        assertEquals(3, stats.blocks());
        assertEquals(4, stats.k2());
        double meanLnY = (Math.log(8) + Math.log(5) + Math.log(0.75)) / 3;
        double meanLnX = (Math.log(1) * 2 + Math.log(3) + Math.log(5) + Math.log(2) + Math.log(7)
                + Math.log(0.5) + Math.log(0.25)) / 8;
        assertEquals(Math.log(2) / (meanLnY - meanLnX), stats.alpha(), TIGHT);
    }

    @Test
    void truncatesToWholeBlocksInBothMeans() {
        float[] values = new StableSampler(1.5, 1.0, 13).floats(103);
        AlphaResult result = new MohammadiEstimator(10).estimate(values);
        assertEquals(10, result.k2());
        assertEquals(100, result.used());
        assertEquals(3, result.truncated());
        float[] withHugeTail = values.clone();
        withHugeTail[100] = 1e30f;
        withHugeTail[102] = 1e-30f;
        assertEquals(result.alpha(), new MohammadiEstimator(10).estimate(withHugeTail).alpha(), 0.0);
        assertEquals(ReferenceMohammadi.alpha(ReferenceMohammadi.widen(Arrays.copyOf(values, 100)), 10),
                result.alpha(), TIGHT);
    }

    @Test
    void automaticK1IsTheDivisorClosestToTheSquareRoot() {
        assertEquals(25, BlockSize.auto(1000));
        assertEquals(250, BlockSize.auto(100_000));
        assertEquals(100, BlockSize.auto(10_000));
        assertEquals(2, BlockSize.auto(4));
        for (int n = 4; n <= 5000; n++) {
            int closest = closestDivisorToRoot(n);
            if (closest > 1) {
                assertEquals(closest, BlockSize.auto(n), "n=" + n);
            }
        }
    }

    @Test
    void fallsBackToFloorSqrtWhenNIsPrime() {
        assertEquals(10, BlockSize.auto(101));
        assertEquals(9, BlockSize.auto(97));
        AlphaResult result = new MohammadiEstimator().estimate(new StableSampler(1.2, 1.0, 14).floats(101));
        assertEquals(10, result.k1());
        assertEquals(10, result.k2());
        assertEquals(1, result.truncated());
        assertEquals(100, result.used());
    }

    @Test
    void usesAConfiguredK1AndRejectsOneLargerThanN() {
        float[] values = new StableSampler(1.2, 1.0, 15).floats(1000);
        AlphaResult result = new MohammadiEstimator(40).estimate(values);
        assertEquals(40, result.k1());
        assertEquals(25, result.k2());
        IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class,
                () -> new MohammadiEstimator(2000).estimate(values));
        assertTrue(tooBig.getMessage().contains("K1=2000") && tooBig.getMessage().contains("1000"),
                tooBig.getMessage());
        float[] mostlyNaN = new float[30];
        Arrays.fill(mostlyNaN, Float.NaN);
        mostlyNaN[3] = 1f;
        mostlyNaN[7] = 2f;
        IllegalArgumentException few = assertThrows(IllegalArgumentException.class,
                () -> new MohammadiEstimator(20).estimate(mostlyNaN));
        assertTrue(few.getMessage().contains("2 usable"), few.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MohammadiEstimator().estimate(new float[3]));
    }

    @Test
    void neverClipsEstimatesAboveTwo() {
        int aboveTwo = 0;
        for (int seed = 0; seed < 20; seed++) {
            double alpha = new MohammadiEstimator(100).estimate(new StableSampler(2.0, 1.0, seed).floats(10_000)).alpha();
            if (alpha > 2.0) {
                aboveTwo++;
            }
        }
        // About half of the estimates of a Gaussian exceed 2; a clipped estimator would give none.
        assertTrue(aboveTwo >= 4 && aboveTwo <= 16, "estimates above 2: " + aboveTwo);
    }

    @Test
    void sumsFloat32InputInDouble() {
        // 2^24 + 1 + 1 is 2^24 in float32 arithmetic but 2^24 + 2 in double.
        float[] values = new float[64];
        for (int b = 0; b < 16; b++) {
            values[4 * b] = 16_777_216f * (b + 1);
            values[4 * b + 1] = 1f;
            values[4 * b + 2] = 1f;
            values[4 * b + 3] = -(b + 1) * 16_777_216f;
        }
        double inDouble = ReferenceMohammadi.alpha(ReferenceMohammadi.widen(values), 4);
        double inFloat = ReferenceMohammadi.alphaWithFloatSums(values, 4);
        assertTrue(Double.isFinite(inDouble));
        assertNotEquals(inDouble, inFloat);
        assertEquals(inDouble, new MohammadiEstimator(4).estimate(values).alpha(), TIGHT);
    }

    @Test
    void confidenceIntervalIsTheNormalIntervalAroundTheEstimate() {
        AlphaResult r = new MohammadiEstimator().estimate(new StableSampler(1.1, 1.0, 16).floats(10_000));
        assertTrue(r.stderr() > 0);
        assertEquals(r.alpha() - 1.959963984540054 * r.stderr(), r.ci95Low(), 0.0);
        assertEquals(r.alpha() + 1.959963984540054 * r.stderr(), r.ci95High(), 0.0);
        double expectedSe = r.alpha() * r.alpha()
                * Math.sqrt(Math.PI * Math.PI / 6 * (1 / (r.alpha() * r.alpha()) + 0.5) / r.k2()) / Math.log(r.k1());
        assertEquals(expectedSe, r.stderr(), 1e-15);
    }

    private static int closestDivisorToRoot(int n) {
        double root = Math.sqrt(n);
        int best = 1;
        for (int d = 1; d <= n; d++) {
            if (n % d == 0 && Math.abs(d - root) < Math.abs(best - root)) {
                best = d;
            }
        }
        return best;
    }
}
