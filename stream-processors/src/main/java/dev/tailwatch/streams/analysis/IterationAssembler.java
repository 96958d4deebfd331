package dev.tailwatch.streams.analysis;

import dev.tailwatch.math.MohammadiStats;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Merges the per-layer statistics of each monitored iteration into network-wide statistics.
 *
 * <p>An iteration is complete when {@code layerCount} distinct layers have arrived (every noise sample
 * carries the count). A layer that is missing does not hold the network series back for ever: once
 * more than {@code lateLayerAllowance} newer monitored iterations are waiting too, the incomplete
 * iteration is closed with the layers it has (the output says how many). Iterations close in ascending order, so the
 * network-wide series is monotone. A sample for an iteration already closed is late: it still gets its
 * per-layer α but is not merged.
 */
final class IterationAssembler {

    /** Network-wide statistics of one closed iteration. */
    record ClosedIteration(long iteration, MohammadiStats stats, int layersMerged, int layerCount, long timestampMs) {
    }

    private static final class Pending {
        MohammadiStats stats;
        final Set<String> layers = new HashSet<>();
        int layerCount;
        long timestampMs;
    }

    private final int lateLayerAllowance;
    private final TreeMap<Long, Pending> pending = new TreeMap<>();
    private long closedThrough = Long.MIN_VALUE;

    IterationAssembler(int lateLayerAllowance) {
        this.lateLayerAllowance = lateLayerAllowance;
    }

    /** Whether a sample of this iteration would be merged (false: its iteration is already closed). */
    boolean accepts(long iteration) {
        return iteration > closedThrough || pending.containsKey(iteration);
    }

    /**
     * Adds one layer's statistics and returns the iterations this closes, oldest first.
     * A second sample of the same layer and iteration is ignored (returns nothing).
     */
    List<ClosedIteration> add(long iteration, String layer, int layerCount, MohammadiStats stats, long timestampMs) {
        List<ClosedIteration> closed = new ArrayList<>();
        if (!accepts(iteration)) {
            return closed;
        }
        Pending p = pending.computeIfAbsent(iteration, it -> new Pending());
        if (!p.layers.add(layer)) {
            return closed;
        }
        p.stats = p.stats == null ? stats : p.stats.plus(stats);
        p.layerCount = Math.max(p.layerCount, layerCount);
        p.timestampMs = Math.max(p.timestampMs, timestampMs);
        boolean complete = p.layers.size() >= p.layerCount;
        while (!pending.isEmpty()
                && ((complete && pending.firstKey() <= iteration) || pending.size() > lateLayerAllowance + 1)) {
            closed.add(closeOldest());
        }
        return closed;
    }

    private ClosedIteration closeOldest() {
        Map.Entry<Long, Pending> oldest = pending.pollFirstEntry();
        Pending q = oldest.getValue();
        closedThrough = Math.max(closedThrough, oldest.getKey());
        return new ClosedIteration(oldest.getKey(), q.stats, q.layers.size(), q.layerCount, q.timestampMs);
    }

    /** The exact state, for snapshots. */
    RunAnalyzerState.Assembler state() {
        List<RunAnalyzerState.PendingIteration> waiting = new ArrayList<>(pending.size());
        for (Map.Entry<Long, Pending> e : pending.entrySet()) {
            Pending p = e.getValue();
            waiting.add(new RunAnalyzerState.PendingIteration(e.getKey(), p.stats, new ArrayList<>(p.layers), p.layerCount,
                    p.timestampMs));
        }
        return new RunAnalyzerState.Assembler(closedThrough, waiting);
    }

    /** An assembler that goes on exactly as the one the state was taken from. */
    static IterationAssembler restore(int lateLayerAllowance, RunAnalyzerState.Assembler state) {
        IterationAssembler a = new IterationAssembler(lateLayerAllowance);
        a.closedThrough = state.closedThrough();
        for (RunAnalyzerState.PendingIteration w : state.pending()) {
            Pending p = new Pending();
            p.stats = w.stats();
            p.layers.addAll(w.layers());
            p.layerCount = w.layerCount();
            p.timestampMs = w.timestampMs();
            a.pending.put(w.iteration(), p);
        }
        return a;
    }
}
