package dev.tailwatch.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StableDistributionTest {

    @Test
    void alphaTwoIsTheNormalLawWithVarianceTwo() {
        // Φ(1), Φ(2), Φ(0.5): the SαS(2) CDF at x is Φ(x/√2).
        assertEquals(0.8413447460685429, StableDistribution.cdf(Math.sqrt(2), 2.0), 1e-12);
        assertEquals(0.9772498680518208, StableDistribution.cdf(2 * Math.sqrt(2), 2.0), 1e-12);
        assertEquals(0.6914624612740131, StableDistribution.cdf(0.5 * Math.sqrt(2), 2.0), 1e-12);
        assertEquals(1.6448536269514722 * Math.sqrt(2), StableDistribution.quantile(0.95, 2.0), 1e-10);
    }

    @Test
    void alphaOneIsCauchyAndItsNeighboursAgree() {
        assertEquals(0.75, StableDistribution.cdf(1, 1.0), 0);
        assertEquals(Math.tan(0.45 * Math.PI), StableDistribution.quantile(0.95, 1.0), 1e-9);
        // The integral form near α = 1 converges on the Cauchy value from both sides.
        assertEquals(0.75, StableDistribution.cdf(1, 0.999), 1e-4);
        assertEquals(0.75, StableDistribution.cdf(1, 1.001), 1e-4);
    }

    @Test
    void isSymmetricMonotoneAndInvertedByTheQuantile() {
        for (double alpha : new double[] {0.5, 0.8, 1.3, 1.7, 1.95}) {
            double previous = 0;
            for (double x = -20; x <= 20; x += 0.5) {
                double f = StableDistribution.cdf(x, alpha);
                assertTrue(f >= previous, "not monotone at α=" + alpha + " x=" + x);
                assertEquals(1 - f, StableDistribution.cdf(-x, alpha), 1e-12);
                previous = f;
            }
            for (double p : new double[] {0.05, 0.3, 0.75, 0.99}) {
                assertEquals(p, StableDistribution.cdf(StableDistribution.quantile(p, alpha), alpha), 1e-11);
            }
        }
    }

    @Test
    void empiricalQuantilesOfTheSamplerMatch() {
        // Ties the sampler (Chambers–Mallows–Stuck) and the CDF (Nolan) together: two independent routes.
        for (double alpha : new double[] {0.7, 1.4}) {
            double[] x = new StableSampler(alpha, 1.0, 77).doubles(400_000);
            java.util.Arrays.sort(x);
            for (double p : new double[] {0.75, 0.95}) {
                double empirical = x[(int) (p * x.length)];
                double exact = StableDistribution.quantile(p, alpha);
                assertEquals(exact, empirical, 0.02 * exact, "α=" + alpha + " p=" + p);
            }
        }
    }
}
