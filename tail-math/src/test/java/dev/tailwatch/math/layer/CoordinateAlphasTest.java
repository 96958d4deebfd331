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
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < cols; j++) {
                    columns[j][s * rows + r] = matrix[r * cols + j];
                }
            }
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
}
