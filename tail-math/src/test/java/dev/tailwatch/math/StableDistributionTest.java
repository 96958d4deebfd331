package dev.tailwatch.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StableDistributionTest {

    private static final double SQRT2 = Math.sqrt(2);

    @Test
    void alphaTwoIsTheNormalLawWithVarianceTwo() {
        // Φ(1), Φ(2), Φ(0.5): the SαS(2) CDF at x is Φ(x/√2).
        assertEquals(0.8413447460685429, StableDistribution.cdf(SQRT2, 2.0), 1e-12);
        assertEquals(0.9772498680518208, StableDistribution.cdf(2 * SQRT2, 2.0), 1e-12);
        assertEquals(0.6914624612740131, StableDistribution.cdf(0.5 * SQRT2, 2.0), 1e-12);
        assertEquals(1.6448536269514722 * SQRT2, StableDistribution.quantile(0.95, 2.0), 1e-10);
        for (double x : new double[] {0, 0.7, 2.5, 6}) {
            double normal = Math.exp(-x * x / 4) / (2 * Math.sqrt(Math.PI));
            assertEquals(normal, StableDistribution.density(x, 2.0), 1e-9 * normal, "f(" + x + ")");
        }
    }

    @Test
    void alphaOneIsCauchy() {
        assertEquals(0.75, StableDistribution.cdf(1, 1.0), 0);
        assertEquals(Math.tan(0.45 * Math.PI), StableDistribution.quantile(0.95, 1.0), 1e-9);
        for (double x : new double[] {0, 1.3, 57}) {
            double cauchy = 1 / (Math.PI * (1 + x * x));
            assertEquals(cauchy, StableDistribution.density(x, 1.0), 1e-9 * cauchy, "f(" + x + ")");
        }
    }

    /** F(x) = ½ + 1/(πα) Σ_k (−1)^k x^{2k+1}/(2k+1)! Γ((2k+1)/α), convergent for α &gt; 1: an independent route. */
    @Test
    void matchesThePowerSeriesForAlphaAboveOne() {
        for (double alpha : new double[] {1.2, 1.5, 1.8}) {
            for (double x : new double[] {0.05, 0.4, 1, 2}) {
                assertEquals(powerSeriesCdf(x, alpha), StableDistribution.cdf(x, alpha), 1e-12, "α=" + alpha + " x=" + x);
            }
        }
    }

    /**
     * 1 − F(x) = (1/π) Σ_{k≥1} (−1)^{k+1} Γ(αk)/k! sin(kπα/2) x^{−αk}, convergent for α &lt; 1; at α = ½ this
     * is the closed form of the symmetric law (its CDF has no elementary expression).
     */
    @Test
    void matchesTheTailSeriesForAlphaBelowOne() {
        for (double alpha : new double[] {0.5, 0.65, 0.8}) {
            for (double x : new double[] {1, 3, 40, 1e4}) {
                double tail = tailSeries(x, alpha);
                assertEquals(tail, 1 - StableDistribution.cdf(x, alpha), 1e-12 + 1e-9 * tail, "α=" + alpha + " x=" + x);
            }
        }
    }

    @Test
    void densityAtZeroIsGammaOfOnePlusOneOverAlphaOverPi() {
        assertEquals(2 / Math.PI, StableDistribution.density(0, 0.5), 1e-9);
        // Γ(5/3) = 0.9027452929509336
        assertEquals(0.9027452929509336 / Math.PI, StableDistribution.density(0, 1.5), 1e-9);
        assertEquals(Math.exp(logGamma(1 + 1 / 0.7)) / Math.PI, StableDistribution.density(0, 0.7), 1e-9);
    }

    @Test
    void nearAlphaOneTheInterpolationMatchesTheIntegralAndStaysFast() {
        // Just inside the band the integral still converges, so the two routes can be compared there.
        for (double alpha : new double[] {1 - 3e-4, 1 + 3e-4, 1 - 9e-4, 1 + 6e-4}) {
            for (double x : new double[] {1e-3, 0.5, 1, 7, 1000}) {
                assertEquals(StableDistribution.nolanCdf(x, alpha), StableDistribution.cdf(x, alpha), 1e-10,
                        "α=" + alpha + " x=" + x);
            }
        }
        // Before the band existed, α = 1 ± 1e-6 took minutes per value; F moves away from Cauchy like (α − 1).
        long start = System.nanoTime();
        for (double d : new double[] {1e-5, 1e-6, 1e-9, 1e-13}) {
            for (double x : new double[] {1e-3, 0.5, 7, 1000}) {
                double cauchy = 0.5 + Math.atan(x) / Math.PI;
                double below = StableDistribution.cdf(x, 1 - d) - cauchy;
                double above = StableDistribution.cdf(x, 1 + d) - cauchy;
                assertTrue(Math.abs(below) < 0.2 * d && Math.abs(above) < 0.2 * d, "d=" + d + " x=" + x);
                assertEquals(-below, above, 0.01 * d + 1e-15, "d=" + d + " x=" + x);
            }
        }
        assertTrue(System.nanoTime() - start < 3_000_000_000L, "near-1 CDF too slow");
    }

    @Test
    void isSymmetricMonotoneAndInvertedByTheQuantile() {
        for (double alpha : new double[] {0.5, 0.8, 0.9995, 1.3, 1.7, 1.95}) {
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
            Arrays.sort(x);
            for (double p : new double[] {0.75, 0.95}) {
                double empirical = x[(int) (p * x.length)];
                double exact = StableDistribution.quantile(p, alpha);
                assertEquals(exact, empirical, 0.02 * exact, "α=" + alpha + " p=" + p);
            }
        }
    }

    private static double powerSeriesCdf(double x, double alpha) {
        double sum = 0;
        for (int k = 0; k < 200; k++) {
            int m = 2 * k + 1;
            double term = Math.exp(m * Math.log(x) - logGamma(m + 1) + logGamma(m / alpha));
            sum += k % 2 == 0 ? term : -term;
            if (term < 1e-18) {
                break;
            }
        }
        return 0.5 + sum / (Math.PI * alpha);
    }

    private static double tailSeries(double x, double alpha) {
        double sum = 0;
        for (int k = 1; k < 400; k++) {
            double magnitude = Math.exp(logGamma(alpha * k) - logGamma(k + 1) - alpha * k * Math.log(x));
            sum += (k % 2 == 1 ? 1 : -1) * magnitude * Math.sin(k * Math.PI * alpha / 2);
            if (magnitude < 1e-20) {
                break;
            }
        }
        return sum / Math.PI;
    }

    /** Lanczos (g = 7, 9 terms), with reflection below ½; ~1e-15 relative, enough for the series above. */
    private static double logGamma(double x) {
        if (x < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
            1.5056327351493116e-7};
        double z = x - 1;
        double sum = c[0];
        for (int i = 1; i < c.length; i++) {
            sum += c[i] / (z + i);
        }
        double t = z + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
    }
}
