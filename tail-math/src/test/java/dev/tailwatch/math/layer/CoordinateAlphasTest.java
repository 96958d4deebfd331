package dev.tailwatch.math.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tailwatch.math.MohammadiEstimator;
import dev.tailwatch.math.MohammadiStats;
import dev.tailwatch.math.StableSampler;
import org.junit.jupiter.api.Test;

class CoordinateAlphasTest {

    @Test
    void eachCoordinateMatchesTheEstimatorOnItsColumnAcrossSamples() {
        int rows = 7;
        int cols = 5;
        int samples = 9;
        int k1 = 4;
        StableSampler sampler = new StableSampler(1.3, 1.0, 11);
        CoordinateAlphas alphas = new CoordinateAlphas(cols, k1);
        float[][] columns = new float[cols][rows * samples];
        for (int s = 0; s < samples; s++) {
            float[] matrix = sampler.floats(rows * cols);
            matrix[3] = 0f;           // dropped
            matrix[cols + 1] = Float.NaN;
            alphas.addRows(matrix, rows, cols);
            copyColumns(matrix, rows, cols, columns, s * rows);
        }
        MohammadiEstimator reference = new MohammadiEstimator(k1);
        for (int j = 0; j < cols; j++) {
            MohammadiStats expected = reference.stats(columns[j]);
            MohammadiStats actual = alphas.stats(j);
            assertEquals(expected.blocks(), actual.blocks(), "blocks of coordinate " + j);
            assertEquals(expected.values(), actual.values(), "values of coordinate " + j);
            assertEquals(expected.dropped(), actual.dropped(), "dropped of coordinate " + j);
            assertEquals(expected.truncated(), actual.truncated(), "truncated of coordinate " + j);
            assertEquals(expected.alpha(), actual.alpha(), 1e-12, "alpha of coordinate " + j);
        }
    }

    /**
     * Rows with every kind of special value at random places (so coordinates' blocks drift out of step) and
     * subnormals, one row per sample as the online probe sends them and several rows per sample as the exact
     * probe does (13 columns: three groups of four coordinates and one more), and a K1 large enough to need
     * the mantissa rescaling: each coordinate still matches the estimator on its own column.
     */
    @Test
    void specialValuesAndLargeBlocksKeepEveryCoordinateExact() {
        float[] specials = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -3.5e-40f};
        java.util.Random random = new java.util.Random(7);
        for (int[] shape : new int[][] {{2, 1, 6}, {5, 1, 6}, {31, 1, 6}, {950, 1, 6}, {5, 7, 13}, {31, 7, 13}, {950, 3, 13}}) {
            int k1 = shape[0];
            int rows = shape[1];
            int cols = shape[2];
            int samples = (3 * k1 + 4 + rows - 1) / rows;
            StableSampler sampler = new StableSampler(1.6, 1.0, k1);
            CoordinateAlphas alphas = new CoordinateAlphas(cols, k1);
            float[][] columns = new float[cols][samples * rows];
            for (int s = 0; s < samples; s++) {
                float[] matrix = sampler.floats(rows * cols);
                for (int r = 0; r < rows; r++) {
                    if (random.nextInt(4) == 0) {
                        matrix[r * cols + random.nextInt(cols)] = specials[random.nextInt(specials.length)];
                    }
                    matrix[r * cols + 5] = 0f;    // a dead unit: its coordinate never gets a value
                }
                alphas.addRows(matrix, rows, cols);
                copyColumns(matrix, rows, cols, columns, s * rows);
            }
            MohammadiEstimator reference = new MohammadiEstimator(k1);
            for (int j = 0; j < cols; j++) {
                MohammadiStats actual = alphas.stats(j);
                String where = "K1 " + k1 + ", " + rows + " × " + cols + ", coordinate " + j;
                int usable = dev.tailwatch.math.UsableValues.count(columns[j], 0, samples * rows);
                if (usable < k1) {
                    // Too few for one block (the dead unit): the reference refuses, the coordinate has no blocks.
                    assertEquals(0, actual.blocks() + actual.zeroBlocks(), "blocks, " + where);
                    assertEquals(samples * rows - usable, actual.dropped(), "dropped, " + where);
                    assertEquals(usable, actual.truncated(), "truncated, " + where);
                    continue;
                }
                MohammadiStats expected = reference.stats(columns[j]);
                assertEquals(expected.blocks(), actual.blocks(), "blocks, " + where);
                assertEquals(expected.zeroBlocks(), actual.zeroBlocks(), "zero blocks, " + where);
                assertEquals(expected.values(), actual.values(), "values, " + where);
                assertEquals(expected.dropped(), actual.dropped(), "dropped, " + where);
                assertEquals(expected.truncated(), actual.truncated(), "truncated, " + where);
                assertEquals(expected.sumLnAbsValues(), actual.sumLnAbsValues(), 1e-9 * Math.max(1, Math.abs(expected.sumLnAbsValues())),
                        "Σ ln|x|, " + where);
                if (expected.blocks() > 1) {
                    assertEquals(expected.alpha(), actual.alpha(), 1e-9, "alpha, " + where);
                }
            }
        }
    }

    @Test
    void oneRowPerSampleBuildsBlocksAcrossSamples() {
        CoordinateAlphas alphas = new CoordinateAlphas(2, 3);
        for (int i = 1; i <= 7; i++) {
            alphas.addRows(new float[] {i, -i}, 1, 2);
        }
        MohammadiStats stats = alphas.stats(0);
        assertEquals(2, stats.blocks());
        assertEquals(6, stats.values());
        assertEquals(1, stats.truncated());
        double expectedLnY = Math.log(1 + 2 + 3) + Math.log(4 + 5 + 6);
        assertEquals(expectedLnY, stats.sumLnAbsBlocks(), 1e-12);
    }

    @Test
    void aBlockSummingToZeroIsLeftOutOfTheBlockMean() {
        CoordinateAlphas alphas = new CoordinateAlphas(1, 2);
        alphas.addRows(new float[] {1f, -1f, 2f, 3f}, 4, 1);
        MohammadiStats stats = alphas.stats(0);
        assertEquals(1, stats.zeroBlocks());
        assertEquals(1, stats.blocks());
        assertEquals(4, stats.values());
        assertEquals(Math.log(5), stats.sumLnAbsBlocks(), 1e-12);
    }

    @Test
    void aShapeThatDoesNotFitIsRefused() {
        CoordinateAlphas alphas = new CoordinateAlphas(3, 2);
        assertThrows(IllegalArgumentException.class, () -> alphas.addRows(new float[8], 2, 4));
        assertThrows(IllegalArgumentException.class, () -> alphas.addRows(new float[5], 2, 3));
        assertThrows(IllegalArgumentException.class, () -> new CoordinateAlphas(3, 1));
    }

    /** Appends a rows × cols row-major sample to each coordinate's column, from position {@code at}. */
    private static void copyColumns(float[] matrix, int rows, int cols, float[][] columns, int at) {
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                columns[j][at + r] = matrix[r * cols + j];
            }
        }
    }
}
