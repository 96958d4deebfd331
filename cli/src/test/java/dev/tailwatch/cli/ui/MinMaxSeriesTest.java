package dev.tailwatch.cli.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MinMaxSeriesTest {

    private static List<double[]> points(MinMaxSeries s) {
        List<double[]> out = new ArrayList<>();
        s.forEachPoint((it, v) -> out.add(new double[] {it, v}));
        return out;
    }

    @Test
    void aShortSeriesKeepsEveryPoint() {
        MinMaxSeries s = new MinMaxSeries(1000);
        for (int i = 0; i < 500; i++) {
            s.add(i, Math.sin(i));
        }
        List<double[]> kept = points(s);
        assertEquals(500, kept.size());
        for (int i = 0; i < 500; i++) {
            assertEquals(i, kept.get(i)[0]);
            assertEquals(Math.sin(i), kept.get(i)[1]);
        }
    }

    @Test
    void aMillionPointsAreAtMostTwoPerBucketAndASpikeSurvives() {
        MinMaxSeries s = new MinMaxSeries(1000);
        for (int i = 0; i < 1_000_000; i++) {
            s.add(i, i == 654_321 ? 9.0 : i == 123_457 ? -3.0 : 1.0 + 1e-7 * (i % 97));
        }
        List<double[]> kept = points(s);
        assertTrue(kept.size() <= 2000, "kept " + kept.size());
        assertTrue(kept.size() >= 1000, "kept " + kept.size());
        assertTrue(kept.stream().anyMatch(p -> p[0] == 654_321 && p[1] == 9.0), "the one-iteration spike up is kept at its iteration");
        assertTrue(kept.stream().anyMatch(p -> p[0] == 123_457 && p[1] == -3.0), "the one-iteration spike down is kept at its iteration");
        for (int i = 1; i < kept.size(); i++) {
            assertTrue(kept.get(i)[0] > kept.get(i - 1)[0], "iterations ascend");
        }
        assertEquals(1_000_000, s.points());
        assertEquals(1.0 + 1e-7 * (999_999 % 97), s.last());
    }

    @Test
    void valuesThatAreNotFiniteAreLeftOut() {
        MinMaxSeries s = new MinMaxSeries(10);
        s.add(0, Double.NaN);
        s.add(1, Double.POSITIVE_INFINITY);
        s.add(2, 1.5);
        assertEquals(1, points(s).size());
        assertEquals(1.5, s.last());
    }

    @Test
    void aRunThatStartsLateIsNotSquashedIntoOneBucket() {
        MinMaxSeries s = new MinMaxSeries(100);
        for (int i = 5_000_000; i < 5_000_050; i++) {
            s.add(i, i);
        }
        assertEquals(50, points(s).size(), "the grid starts at the first iteration seen, not at 0");
    }

    @Test
    void theBandKeepsTheEnvelope() {
        BandSeries b = new BandSeries(10);
        for (int i = 0; i < 1000; i++) {
            b.add(i, i == 500 ? 0.2 : 1.0, i == 700 ? 3.5 : 2.0);
        }
        b.add(1000, null, 2.0);
        List<double[]> bands = new ArrayList<>();
        b.forEachBand((it, lo, hi) -> bands.add(new double[] {it, lo, hi}));
        assertTrue(bands.size() <= 10);
        assertEquals(0.2, bands.stream().mapToDouble(x -> x[1]).min().orElseThrow());
        assertEquals(3.5, bands.stream().mapToDouble(x -> x[2]).max().orElseThrow());
    }
}
