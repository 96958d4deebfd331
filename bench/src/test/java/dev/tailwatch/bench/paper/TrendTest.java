package dev.tailwatch.bench.paper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrendTest {

    @Test
    void pointsOnALineGiveItsSlopeAndAVerdict() {
        // α = 1.2 - 0.03 x, each with s.e. 0.005: a clear decrease.
        List<Trend.Point> points = List.of(new Trend.Point(5, 1.05, 0.005), new Trend.Point(6, 1.02, 0.005),
                new Trend.Point(7, 0.99, 0.005), new Trend.Point(8, 0.96, 0.005));
        Trend t = Trend.fit(points);
        assertEquals(4, t.points());
        assertEquals(-0.03, t.slope(), 1e-12);
        // No scatter about the line: the standard error is the runs' own, 0.005 / sqrt(sum dx^2 = 5).
        assertEquals(0.005 / Math.sqrt(5), t.stderr(), 1e-12);
        assertEquals("decreases", t.verdict());
    }

    @Test
    void scatterBeyondTheRunsOwnErrorsWidensTheSlopesError() {
        List<Trend.Point> points = List.of(new Trend.Point(1, 1.00, 0.002), new Trend.Point(2, 1.06, 0.002),
                new Trend.Point(3, 0.98, 0.002), new Trend.Point(4, 1.04, 0.002));
        Trend t = Trend.fit(points);
        assertEquals(0.004, t.slope(), 1e-12);
        assertTrue(t.stderr() > 0.01, "scatter of ±0.03 about the line must show in the error, was " + t.stderr());
        assertEquals("no clear trend", t.verdict());
    }

    @Test
    void aRiseIsCalledARise() {
        Trend t = Trend.fit(List.of(new Trend.Point(1, 1.0, 0.001), new Trend.Point(2, 1.1, 0.001), new Trend.Point(3, 1.2, 0.001)));
        assertEquals(0.1, t.slope(), 1e-12);
        assertEquals("increases", t.verdict());
    }

    @Test
    void oneSettingIsNotATrend() {
        assertEquals("not enough runs", Trend.fit(List.of(new Trend.Point(7, 1.0, 0.01))).verdict());
        assertEquals("not enough runs", Trend.fit(List.of(new Trend.Point(7, 1.0, 0.01), new Trend.Point(7, 1.1, 0.01))).verdict());
    }
}
