package dev.tailwatch.math.layer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tailwatch.math.BlockSize;
import dev.tailwatch.math.StableSampler;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The criterion on data whose answer is known, at the size the processors see by default: 32 minibatches
 * per monitored iteration, a window of 20 iterations, so 640 values per coordinate.
 */
class SasFitCriterionTest {

    private static final int COORDINATES = 400;
    private static final int ROWS = 32;
    private static final int ITERATIONS = 20;

    @Test
    void gaussianNoiseRarelyWins() {
        Random random = new Random(5);
        double fraction = winsFraction(() -> (float) (random.nextGaussian() * 3e-3));
        assertTrue(fraction <= 0.10, "Gaussian coordinates won " + fraction);
    }

    @Test
    void sasWithAlpha2IsGaussianAndRarelyWins() {
        StableSampler sampler = new StableSampler(2.0, 1e-2, 6);
        double fraction = winsFraction(() -> (float) sampler.next());
        assertTrue(fraction <= 0.10, "SaS(2) coordinates won " + fraction);
    }

    @Test
    void heavyTailedSasAlmostAlwaysWins() {
        StableSampler sampler = new StableSampler(1.2, 1e-3, 7);
        double fraction = winsFraction(() -> (float) sampler.next());
        assertTrue(fraction >= 0.90, "SaS(1.2) coordinates won only " + fraction);
    }

    @Test
    void undefinedEstimatesNeverWin() {
        assertFalse(SasFitCriterion.sasWins(Double.NaN, 0.1));
        assertFalse(SasFitCriterion.sasWins(1.0, Double.NaN));
        assertTrue(SasFitCriterion.sasWins(1.0, 0.1));
        assertFalse(SasFitCriterion.sasWins(1.9, 0.1));
    }

    private interface FloatSource {
        float next();
    }

    private static double winsFraction(FloatSource source) {
        CoordinateAlphas alphas = new CoordinateAlphas(COORDINATES, BlockSize.auto((long) ROWS * ITERATIONS));
        for (int it = 0; it < ITERATIONS; it++) {
            float[] matrix = new float[ROWS * COORDINATES];
            for (int i = 0; i < matrix.length; i++) {
                matrix[i] = source.next();
            }
            alphas.addRows(matrix, ROWS, COORDINATES);
        }
        int wins = 0;
        for (int j = 0; j < COORDINATES; j++) {
            if (SasFitCriterion.sasWins(alphas.stats(j))) {
                wins++;
            }
        }
        return wins / (double) COORDINATES;
    }
}
