package dev.tailwatch.streams.analysis;

import dev.tailwatch.math.MohammadiStats;
import dev.tailwatch.math.SlidingWindow;
import dev.tailwatch.math.detect.CusumDetector;
import dev.tailwatch.math.detect.JumpAtMinimumDetector;
import dev.tailwatch.math.detect.JumpDetector;
import dev.tailwatch.math.detect.PhaseTracker;
import dev.tailwatch.math.layer.CoordinateAlphas;
import dev.tailwatch.math.layer.Moments;
import dev.tailwatch.math.layer.Reservoir;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything a {@link RunAnalyzer} holds that affects its outputs, as plain values: what a snapshot
 * stores ({@code analysis.snapshot} maps it to Avro) and what {@link RunAnalyzer#restore} rebuilds an
 * analyzer from. The analysis parameters are not part of it: they come with the restoring analyzer (the
 * snapshot records them to refuse a mismatch). Maps are sorted so that equal states serialise to equal
 * bytes.
 *
 * @param runId           the run
 * @param k1              the run's block size, 0 before its first noise sample
 * @param lateSamples     samples counted late
 * @param lastIteration   highest iteration seen in any input, −1 before the first
 * @param lastJumpOffered iteration of the last metric jump offered to the jump-at-α-minimum detector, −1 before
 * @param jumpTimestamps  timestamp of each offered jump not decided yet, by its iteration
 * @param assembler       iterations waiting for layers
 * @param network         the network-wide series, null before the first noise sample
 * @param layers          each layer's series, by layer name
 * @param layerStats      each layer's statistics window, by layer name
 */
public record RunAnalyzerState(
        String runId,
        int k1,
        long lateSamples,
        long lastIteration,
        long lastJumpOffered,
        SortedMap<Long, Long> jumpTimestamps,
        Assembler assembler,
        Series network,
        SortedMap<String, Series> layers,
        SortedMap<String, LayerStats> layerStats,
        JumpDetector.State lossJumps,
        JumpDetector.State trainAccuracyJumps,
        JumpDetector.State testAccuracyJumps,
        JumpAtMinimumDetector.State jumpAtMinimum) {

    public RunAnalyzerState {
        jumpTimestamps = Collections.unmodifiableSortedMap(new TreeMap<>(jumpTimestamps));
        layers = Collections.unmodifiableSortedMap(new TreeMap<>(layers));
        layerStats = Collections.unmodifiableSortedMap(new TreeMap<>(layerStats));
    }

    /**
     * One α series (a layer or the network).
     *
     * @param window        the rolling window of per-iteration statistics
     * @param lastIteration the last iteration added, {@link Long#MIN_VALUE} before the first
     */
    public record Series(SlidingWindow.State<MohammadiStats> window, CusumDetector.State cusum, PhaseTracker.State phases,
                         long lastIteration) {
    }

    /**
     * The iteration assembler.
     *
     * @param closedThrough the newest closed iteration, {@link Long#MIN_VALUE} before the first
     * @param pending       iterations waiting for layers, oldest first
     */
    public record Assembler(long closedThrough, List<PendingIteration> pending) {
        public Assembler {
            pending = List.copyOf(pending);
        }
    }

    /**
     * An iteration waiting for layers.
     *
     * @param stats  the merged statistics of the layers that arrived, in their arrival order
     * @param layers the layers that arrived, sorted by name (only their set matters)
     */
    public record PendingIteration(long iteration, MohammadiStats stats, List<String> layers, int layerCount,
                                   long timestampMs) {
        public PendingIteration {
            layers = layers.stream().sorted().toList();
        }
    }

    /**
     * A layer's tumbling statistics window. Between windows ({@code iterations == 0}) the next sample opens
     * a new one from scratch, so the window's contents are then not part of the state and are null.
     *
     * @param iterations       monitored iterations in the open window, 0 between windows
     * @param coordinateValues rows of tracked-coordinate samples in the window
     * @param layerStats       the merged statistics of the window's samples
     * @param coordinates      the per-coordinate α_i, null while no tracked sample came in this window
     */
    public record LayerStats(int iterations, long coordinateValues, MohammadiStats layerStats,
                             CoordinateAlphas.State coordinates, Reservoir.State reservoir, Moments.State moments) {
        public LayerStats {
            if (iterations < 0) {
                throw new IllegalArgumentException("a window of " + iterations + " iterations");
            }
            if (iterations > 0 && (layerStats == null || reservoir == null || moments == null)) {
                throw new IllegalArgumentException("an open window needs its statistics, reservoir and moments");
            }
        }
    }
}
