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
            assertEquals(StableDistribution.quantile(0.75, alpha), row[1], 1e-9 * row[1], "q75 at α=" + alpha);
            assertEquals(StableDistribution.quantile(0.95, alpha), row[2], 1e-9 * row[2], "q95 at α=" + alpha);
            assertEquals(StableDistribution.density(row[1], alpha), row[3], 1e-6 * row[3], "f(q75) at α=" + alpha);
        }
    }

    @Test
    void nuIsTheGaussianValueAtTwoAndDecreasesInAlpha() {
        assertEquals(1.6448536269514722 / 0.6744897501960817, McCullochTable.nu(2.0), 1e-9);
        for (int i = 1; i < McCullochTable.ROWS.length; i++) {
            assertTrue(McCullochTable.nu(i) < McCullochTable.nu(i - 1), "ν not decreasing at row " + i);
        }
    }

    @Test
    void inversionRecoversGridAndInBetweenValues() {
        for (double alpha : new double[] {0.5, 0.73, 1.0, 1.235, 1.99, 2.0}) {
            assertEquals(alpha, McCullochTable.alphaForNu(McCullochTable.nu(alpha)), 1e-9);
        }
        assertEquals(2.0, McCullochTable.alphaForNu(2.0));
        assertEquals(0.5, McCullochTable.alphaForNu(1000));
    }
}
