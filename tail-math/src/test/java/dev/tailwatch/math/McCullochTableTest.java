package dev.tailwatch.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class McCullochTableTest {

    @Test
    void embeddedRowsMatchARecomputation() {
        for (int i : new int[] {0, 17, 50, 73, 111, 150}) {
            double[] row = McCullochTable.ROWS[i];
            double alpha = row[0];
            assertEquals(0.5 + 0.01 * i, alpha, 1e-12);
            double q75 = StableDistribution.quantile(0.75, alpha);
            double q95 = StableDistribution.quantile(0.95, alpha);
            assertEquals(q75, row[1], 1e-9 * q75, "q75 at α=" + alpha);
            assertEquals(q95, row[2], 1e-9 * q95, "q95 at α=" + alpha);
            assertEquals(StableDistribution.density(q75, alpha), row[3], 1e-7 * row[3], "f(q75) at α=" + alpha);
            assertEquals(StableDistribution.density(q95, alpha), row[4], 1e-7 * row[4], "f(q95) at α=" + alpha);
        }
    }

    @Test
    void gaussianRowIsExact() {
        double[] gaussian = McCullochTable.ROWS[McCullochTable.ROWS.length - 1];
        // SαS(2, 1) = N(0, 2): quantiles are √2·z_p and f(x) = exp(−x²/4)/(2√π).
        assertEquals(Math.sqrt(2) * 0.6744897501960817, gaussian[1], 1e-12);
        assertEquals(Math.sqrt(2) * 1.6448536269514722, gaussian[2], 1e-12);
        assertEquals(Math.exp(-gaussian[2] * gaussian[2] / 4) / (2 * Math.sqrt(Math.PI)), gaussian[4], 1e-10);
        assertEquals(2.4387, McCullochTable.nu(2.0), 1e-4);
        assertEquals(1.6448536269514722 / 0.6744897501960817, McCullochTable.nu(2.0), 1e-11);
    }

    @Test
    void nuDecreasesInAlphaAndItsSlopeIsConsistent() {
        for (int i = 1; i < McCullochTable.ROWS.length; i++) {
            assertTrue(McCullochTable.nu(i) < McCullochTable.nu(i - 1), "ν not decreasing at row " + i);
        }
        // ν(α) of the Cauchy law is tan(0.45π)/tan(0.25π) exactly.
        assertEquals(Math.tan(0.45 * Math.PI), McCullochTable.nu(1.0), 1e-9);
        for (double alpha : new double[] {0.6, 1.0, 1.5, 1.95}) {
            double h = 1e-3;
            double exact = (nuOf(alpha + h) - nuOf(alpha - h)) / (2 * h);
            assertEquals(exact, McCullochTable.nuSlope(alpha), 2e-3 * Math.abs(exact), "dν/dα at α=" + alpha);
        }
    }

    @Test
    void inversionRecoversGridAndInBetweenValues() {
        for (double alpha : new double[] {0.5, 0.73, 1.0, 1.235, 1.99, 2.0}) {
            assertEquals(alpha, McCullochTable.alphaForNu(McCullochTable.nu(alpha)), 1e-9);
        }
        // Between grid points the linear table is within 1e-4 of the exact inverse.
        for (double alpha : new double[] {0.655, 1.105, 1.777}) {
            assertEquals(alpha, McCullochTable.alphaForNu(nuOf(alpha)), 1e-4, "α=" + alpha);
        }
        assertEquals(2.0, McCullochTable.alphaForNu(2.0));
        assertEquals(0.5, McCullochTable.alphaForNu(1000));
    }

    private static double nuOf(double alpha) {
        return StableDistribution.quantile(0.95, alpha) / StableDistribution.quantile(0.75, alpha);
    }
}
