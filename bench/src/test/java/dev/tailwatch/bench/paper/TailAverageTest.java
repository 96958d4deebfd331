package dev.tailwatch.bench.paper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TailAverageTest {

    @Test
    void meanSpreadAndDriftOfASeries() {
        List<Double> alphas = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            alphas.add(i < 10 ? 1.1 : 1.0);
        }
        TailAverage t = TailAverage.of(alphas);
        assertEquals(20, t.points());
        assertEquals(1.05, t.mean(), 1e-12);
        assertEquals(Math.sqrt(20 * 0.0025 / 19), t.sd(), 1e-12);
        assertEquals(-0.1, t.drift(), 1e-12);
        // Ten batches of two: five at 1.1 and five at 1.0; their means' spread gives the error.
        assertEquals(Math.sqrt(10 * 0.0025 / 9 / 10), t.stderr(), 1e-12);
    }

    @Test
    void correlatedNeighboursGiveALargerErrorThanIndependentPoints() {
        // A slow wave: neighbouring points alike, so the naive sd/sqrt(n) understates the mean's error.
        List<Double> alphas = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            alphas.add(1.0 + 0.05 * Math.sin(2 * Math.PI * i / 100.0 * 1.5));
        }
        TailAverage t = TailAverage.of(alphas);
        assertTrue(t.stderr() > 2 * t.sd() / Math.sqrt(100), "batch means " + t.stderr() + " vs naive " + t.sd() / 10);
    }

    @Test
    void anEmptySeriesHasNoMean() {
        TailAverage t = TailAverage.of(List.of());
        assertEquals(0, t.points());
        assertTrue(Double.isNaN(t.mean()));
    }
}
