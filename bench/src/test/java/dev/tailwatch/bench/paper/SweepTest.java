package dev.tailwatch.bench.paper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepTest {

    private static final GridRun BASE = new GridRun(128, 2, 64, 1);

    @Test
    void theGridTrainsEachRunOnceAndEachSweepFindsItsRuns() {
        List<GridRun> grid = GridRun.sweeps(List.of(32, 128, 512), List.of(2, 4), List.of(32, 64, 256), 128, 2, 64, List.of(1L, 2L));
        // Per seed: 3 widths + 1 more depth + 2 more batch sizes, the base shared by all three sweeps.
        assertEquals(12, grid.size());
        List<RunResult> results = new ArrayList<>();
        for (GridRun g : grid) {
            results.add(result(g, 1.0));
        }
        assertEquals(List.of(32, 32, 128, 128, 512, 512), Sweep.WIDTH.on(results, BASE).stream().map(r -> r.run().width()).toList());
        assertEquals(List.of(2, 2, 4, 4), Sweep.DEPTH.on(results, BASE).stream().map(r -> r.run().depth()).toList());
        assertEquals(List.of(32, 32, 64, 64, 256, 256), Sweep.BATCH.on(results, BASE).stream().map(r -> r.run().batch()).toList());
        assertEquals(3, Sweep.WIDTH.distinctSettings(Sweep.WIDTH.on(results, BASE)));
    }

    @Test
    void theTrendIsFittedAgainstLog2OfWidthAndAgainstDepthItself() {
        List<RunResult> widths = List.of(result(new GridRun(32, 2, 64, 1), 1.10), result(new GridRun(64, 2, 64, 1), 1.05),
                result(new GridRun(128, 2, 64, 1), 1.00));
        assertEquals(-0.05, Sweep.WIDTH.trend(Sweep.WIDTH.on(widths, BASE)).slope(), 1e-9);
        List<RunResult> depths = List.of(result(new GridRun(128, 2, 64, 1), 1.10), result(new GridRun(128, 4, 64, 1), 1.00));
        assertEquals(-0.05, Sweep.DEPTH.trend(Sweep.DEPTH.on(depths, BASE)).slope(), 1e-9);
    }

    private static RunResult result(GridRun g, double alpha) {
        TailAverage t = new TailAverage(10, alpha, 0.01, 0.003, 0.0);
        return new RunResult(g, g.runId("t"), 100, 50, List.of(), List.of(), t, Map.of(), 0.9, 0.95, 0.1, 1000, 1.0);
    }
}
