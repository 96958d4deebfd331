package dev.tailwatch.streams.analysis;

import dev.tailwatch.math.MohammadiStats;
import dev.tailwatch.math.SlidingWindow;

/** The rolling statistics of one α series (a layer, or the network). */
final class LayerSeries {

    private final SlidingWindow<MohammadiStats> window;
    private long lastIteration = Long.MIN_VALUE;

    LayerSeries(int windowIterations, int k1) {
        this.window = new SlidingWindow<>(windowIterations, MohammadiStats.empty(k1), MohammadiStats::plus);
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

    int size() {
        return window.size();
    }
}
