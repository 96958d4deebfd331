package dev.tailwatch.streams.analysis;

import dev.tailwatch.math.MohammadiStats;
import dev.tailwatch.math.SlidingWindow;
import dev.tailwatch.math.detect.Change;
import dev.tailwatch.math.detect.CusumDetector;
import dev.tailwatch.math.detect.PhaseTracker;
import java.util.ArrayList;
import java.util.List;

/**
 * One α series (a layer, or the network): its rolling statistics and its detectors. The detectors
 * watch the per-iteration estimates, whose errors are independent; the rolling series is smoothed and
 * autocorrelated, which would void CUSUM's σ units.
 */
final class LayerSeries {

    private final SlidingWindow<MohammadiStats> window;
    private final CusumDetector cusum;
    private final PhaseTracker phases;
    private long lastIteration = Long.MIN_VALUE;

    LayerSeries(int windowIterations, int k1, DetectorSettings detectors) {
        this.window = new SlidingWindow<>(windowIterations, MohammadiStats.empty(k1), MohammadiStats::plus);
        this.cusum = new CusumDetector(detectors.cusum());
        this.phases = new PhaseTracker(detectors.phase());
    }

    /** False for an iteration at or before the last one added: it would put the window out of order. */
    boolean inOrder(long iteration) {
        return iteration > lastIteration;
    }

    /** Adds the iteration's statistics and returns the window's. */
    MohammadiStats add(long iteration, MohammadiStats stats) {
        window.add(stats);
        lastIteration = iteration;
        return window.aggregate();
    }

    /** Runs the detectors on one per-iteration estimate. */
    List<Change> detect(long iteration, double alpha, double stderr) {
        List<Change> changes = new ArrayList<>(1);
        cusum.observe(iteration, alpha, stderr).ifPresent(changes::add);
        phases.observe(iteration, alpha).ifPresent(changes::add);
        return changes;
    }

    /** The exact state, for snapshots. */
    RunAnalyzerState.Series state() {
        return new RunAnalyzerState.Series(window.state(), cusum.state(), phases.state(), lastIteration);
    }

    /** A series that goes on exactly as the one the state was taken from. */
    static LayerSeries restore(int windowIterations, int k1, DetectorSettings detectors, RunAnalyzerState.Series state) {
        return new LayerSeries(SlidingWindow.restore(windowIterations, MohammadiStats.empty(k1), MohammadiStats::plus, state.window()),
                CusumDetector.restore(detectors.cusum(), state.cusum()), PhaseTracker.restore(detectors.phase(), state.phases()),
                state.lastIteration());
    }

    private LayerSeries(SlidingWindow<MohammadiStats> window, CusumDetector cusum, PhaseTracker phases, long lastIteration) {
        this.window = window;
        this.cusum = cusum;
        this.phases = phases;
        this.lastIteration = lastIteration;
    }

    int size() {
        return window.size();
    }
}
