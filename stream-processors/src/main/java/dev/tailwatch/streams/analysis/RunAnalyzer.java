package dev.tailwatch.streams.analysis;

import dev.tailwatch.math.BlockSize;
import dev.tailwatch.math.MohammadiEstimator;
import dev.tailwatch.math.MohammadiStats;
import dev.tailwatch.math.UsableValues;
import dev.tailwatch.math.detect.Change;
import dev.tailwatch.math.detect.JumpAtMinimumDetector;
import dev.tailwatch.math.detect.JumpDetector;
import dev.tailwatch.schema.NetworkPooling;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * All analysis of one run: α per layer and network-wide, per iteration and rolling; α drops, rises and
 * phase changes on every α series; loss and accuracy jumps; jumps at an α minimum; per-layer heavy-tail
 * statistics (α_i quantiles, SαS wins, McCulloch, Hill, kurtosis) per tumbling window.
 *
 * <p>Free of Kafka on purpose: the live processors and replay both drive this class, so replaying a
 * recorded run with the live parameters gives the live results record for record.
 */
public final class RunAnalyzer {

    private final String runId;
    private final AnalysisConfig config;
    private IterationAssembler assembler;
    private final Map<String, LayerSeries> layers = new HashMap<>();
    private final Map<String, LayerStatsWindow> layerStats = new HashMap<>();
    private int k1;
    private MohammadiEstimator estimator;
    private LayerSeries network;
    private long lateSamples;
    private long lastIteration = -1;
    private JumpDetector lossJumps = JumpDetector.forLoss();
    private JumpDetector trainAccuracyJumps = JumpDetector.forAccuracy();
    private JumpDetector testAccuracyJumps = JumpDetector.forAccuracy();
    private JumpAtMinimumDetector jumpAtMinimum;
    private long lastJumpOffered = -1;
    /**
     * Timestamps of the metric jumps offered to the jump-at-α-minimum detector: its events carry the
     * jump's timestamp, not that of whichever input happened to complete the decision, so live and
     * replayed events are identical field for field. Bounded: only the newest jumps can still be decided.
     */
    private final TreeMap<Long, Long> jumpTimestamps = new TreeMap<>();
    private static final int MAX_PENDING_JUMP_TIMESTAMPS = 1_000;

    public RunAnalyzer(String runId, AnalysisConfig config) {
        this.runId = runId;
        this.config = config;
        this.assembler = new IterationAssembler(config.lateLayerAllowance());
        this.jumpAtMinimum = new JumpAtMinimumDetector(config.detectors().jumpAtMinimum());
    }

    /**
     * The analyzer's exact state, for snapshots: an analyzer {@link #restore restored} from it produces,
     * from the same further inputs, bit-identical outputs. Reading it changes nothing.
     */
    public RunAnalyzerState state() {
        TreeMap<String, RunAnalyzerState.Series> series = new TreeMap<>();
        layers.forEach((name, s) -> series.put(name, s.state()));
        TreeMap<String, RunAnalyzerState.LayerStats> windows = new TreeMap<>();
        layerStats.forEach((name, w) -> windows.put(name, w.state()));
        return new RunAnalyzerState(runId, k1, lateSamples, lastIteration, lastJumpOffered, jumpTimestamps,
                assembler.state(), network == null ? null : network.state(), series, windows, lossJumps.state(),
                trainAccuracyJumps.state(), testAccuracyJumps.state(), jumpAtMinimum.state());
    }

    /**
     * An analyzer in exactly the given state, analysing with {@code config} — which must be the
     * configuration the state was taken with (the snapshot codec checks that before calling this).
     *
     * @throws IllegalArgumentException when the state contradicts itself or the configuration's K1
     */
    public static RunAnalyzer restore(AnalysisConfig config, RunAnalyzerState state) {
        if ((state.k1() == 0) != (state.network() == null) || (state.k1() != 0 && state.k1() < 2)) {
            throw new IllegalArgumentException("K1 " + state.k1() + (state.network() == null ? " without" : " with")
                    + " a network series");
        }
        if (state.k1() != 0 && config.fixedK1() != 0 && config.fixedK1() != state.k1()) {
            throw new IllegalArgumentException("the state has K1=" + state.k1() + ", the configuration fixes " + config.fixedK1());
        }
        RunAnalyzer a = new RunAnalyzer(state.runId(), config);
        a.assembler = IterationAssembler.restore(config.lateLayerAllowance(), state.assembler());
        if (state.k1() != 0) {
            a.k1 = state.k1();
            a.estimator = new MohammadiEstimator(state.k1());
            a.network = LayerSeries.restore(config.window(), state.k1(), config.detectors(), state.network());
        }
        state.layers().forEach((name, s) ->
                a.layers.put(name, LayerSeries.restore(config.window(), state.k1(), config.detectors(), s)));
        state.layerStats().forEach((name, w) ->
                a.layerStats.put(name, LayerStatsWindow.restore(state.runId(), name, config.layerStats(), w)));
        a.lateSamples = state.lateSamples();
        a.lastIteration = state.lastIteration();
        a.lastJumpOffered = state.lastJumpOffered();
        a.jumpTimestamps.putAll(state.jumpTimestamps());
        a.lossJumps = a.lossJumps.withState(state.lossJumps());
        a.trainAccuracyJumps = a.trainAccuracyJumps.withState(state.trainAccuracyJumps());
        a.testAccuracyJumps = a.testAccuracyJumps.withState(state.testAccuracyJumps());
        a.jumpAtMinimum = JumpAtMinimumDetector.restore(config.detectors().jumpAtMinimum(), state.jumpAtMinimum());
        return a;
    }

    /** The configuration the analyzer runs with. */
    public AnalysisConfig config() {
        return config;
    }

    public String runId() {
        return runId;
    }

    /** The run's block size, 0 before its first noise sample. */
    public int k1() {
        return k1;
    }

    /** Samples that arrived after their iteration was closed, or out of order for their layer. */
    public long lateSamples() {
        return lateSamples;
    }

    /** Highest iteration seen in any input. */
    public long lastIteration() {
        return lastIteration;
    }

    /**
     * Analyses one noise sample.
     *
     * @throws RejectedInputException when the sample cannot be analysed; nothing of it was applied
     */
    public void onNoise(NoiseInput in, AnalysisSink sink) throws RejectedInputException {
        validate(in);
        MohammadiStats stats = statsOf(in);
        lastIteration = Math.max(lastIteration, in.iteration());
        sink.alpha(point(in.iteration(), in.layer(), AlphaPoint.Scope.ITERATION, stats, 1, 1, in.timestampMs()));

        LayerSeries series = layers.computeIfAbsent(in.layer(), l -> new LayerSeries(config.window(), k1, config.detectors()));
        // Only tracked-coordinate samples make up the network-wide α; a whole-layer sample is a series of its own.
        boolean merged = in.tracked() && assembler.accepts(in.iteration());
        if (series.inOrder(in.iteration())) {
            MohammadiStats rolling = series.add(in.iteration(), stats);
            sink.alpha(point(in.iteration(), in.layer(), AlphaPoint.Scope.ROLLING, rolling, series.size(), 1, in.timestampMs()));
            emit(series.detect(in.iteration(), stats.alpha(), stats.stderr()), in.layer(), in.timestampMs(), sink);
            layerStats.computeIfAbsent(in.layer(), l -> new LayerStatsWindow(runId, l, config.layerStats()))
                    .add(in, stats).ifPresent(sink::layerStats);
        } else {
            merged = false;
        }
        if (!merged) {
            if (in.tracked()) {
                lateSamples++;
            }
            return;
        }
        MohammadiStats pooled = NetworkPooling.poolsSubset(in.networkColumns(), in.cols()) ? networkStats(in) : stats;
        for (IterationAssembler.ClosedIteration closed
                : assembler.add(in.iteration(), in.layer(), in.layerCount(), pooled, in.timestampMs())) {
            sink.alpha(point(closed.iteration(), AlphaPoint.NETWORK, AlphaPoint.Scope.ITERATION, closed.stats(), 1,
                    closed.layersMerged(), closed.timestampMs()));
            MohammadiStats rolling = network.add(closed.iteration(), closed.stats());
            sink.alpha(point(closed.iteration(), AlphaPoint.NETWORK, AlphaPoint.Scope.ROLLING, rolling, network.size(),
                    closed.layersMerged(), closed.timestampMs()));
            double alpha = closed.stats().alpha();
            emit(network.detect(closed.iteration(), alpha, closed.stats().stderr()), AlphaPoint.NETWORK, closed.timestampMs(), sink);
            for (Change decided : jumpAtMinimum.observe(closed.iteration(), alpha)) {
                Long jumpTime = jumpTimestamps.remove(decided.iteration());
                emit(List.of(decided), "", jumpTime != null ? jumpTime : closed.timestampMs(), sink);
            }
        }
    }

    /**
     * Analyses one training-metrics record: loss and accuracy jumps, which are also offered to the
     * jump-at-α-minimum detector.
     *
     * @throws RejectedInputException when the record cannot be analysed
     */
    public void onMetrics(MetricsInput in, AnalysisSink sink) throws RejectedInputException {
        if (in.iteration() < 0) {
            throw new RejectedInputException(RejectReason.NEGATIVE_ITERATION,
                    "iteration " + in.iteration() + " is negative; iterations start at 0");
        }
        lastIteration = Math.max(lastIteration, in.iteration());
        metricJump(lossJumps.observe(in.iteration(), in.loss()), "loss", in.timestampMs(), sink);
        if (in.trainAccuracy() != null) {
            metricJump(trainAccuracyJumps.observe(in.iteration(), in.trainAccuracy()), "train", in.timestampMs(), sink);
        }
        if (in.testAccuracy() != null) {
            metricJump(testAccuracyJumps.observe(in.iteration(), in.testAccuracy()), "test", in.timestampMs(), sink);
        }
    }

    private void metricJump(Optional<Change> jump, String series, long timestampMs, AnalysisSink sink) {
        if (jump.isEmpty()) {
            return;
        }
        Change original = jump.get();
        Change change = series.equals("loss") ? original : new Change(original.kind(), original.iteration(), original.since(),
                original.before(), original.after(), original.magnitude(), original.detector(), original.parameters(),
                series + " " + original.description());
        // Loss, train and test accuracy often jump at the same step: one of them is enough for Fig. 7.
        List<Change> decidedNow = List.of();
        if (change.iteration() != lastJumpOffered) {
            lastJumpOffered = change.iteration();
            jumpTimestamps.put(change.iteration(), timestampMs);
            if (jumpTimestamps.size() > MAX_PENDING_JUMP_TIMESTAMPS) {
                jumpTimestamps.pollFirstEntry();
            }
            decidedNow = jumpAtMinimum.jump(change);
        }
        emit(List.of(change), "", timestampMs, sink);
        for (Change decided : decidedNow) {
            Long jumpTime = jumpTimestamps.remove(decided.iteration());
            emit(List.of(decided), "", jumpTime != null ? jumpTime : timestampMs, sink);
        }
    }

    private void emit(List<Change> changes, String layer, long timestampMs, AnalysisSink sink) {
        for (Change c : changes) {
            sink.event(new EventPoint(runId, c.iteration(), layer, EventPoint.Kind.valueOf(c.kind().name()), c.before(),
                    c.after(), c.magnitude(), c.detector(), c.parameters(), c.description(), timestampMs));
        }
    }

    private static void validate(NoiseInput in) throws RejectedInputException {
        if (in.iteration() < 0) {
            throw new RejectedInputException(RejectReason.NEGATIVE_ITERATION,
                    "iteration " + in.iteration() + " is negative; iterations start at 0");
        }
        if (in.rows() <= 0 || in.cols() <= 0 || (long) in.rows() * in.cols() != in.values().length) {
            throw new RejectedInputException(RejectReason.WRONG_SHAPE, "shape " + in.rows() + "×" + in.cols()
                    + " does not match " + in.values().length + " values");
        }
        if (in.layerCount() < 1) {
            throw new RejectedInputException(RejectReason.WRONG_SHAPE, "layerCount " + in.layerCount() + " is not positive");
        }
    }

    private MohammadiStats statsOf(NoiseInput in) throws RejectedInputException {
        int usable = UsableValues.count(in.values(), 0, in.values().length);
        if (usable == 0) {
            throw new RejectedInputException(RejectReason.NO_USABLE_VALUES,
                    "all " + in.values().length + " values are ±0, NaN or ±Inf");
        }
        if (estimator == null) {
            int chosen = config.fixedK1() > 0 ? config.fixedK1() : automaticK1(in.values().length, usable);
            if (chosen < 2 || usable < 2L * chosen) {
                throw tooFew(usable, chosen);
            }
            k1 = chosen;
            estimator = new MohammadiEstimator(k1);
            network = new LayerSeries(config.window(), k1, config.detectors());
        }
        if (usable < 2L * k1) {
            throw tooFew(usable, k1);
        }
        return estimator.stats(in.values());
    }

    /**
     * The layer's share of the network-wide pool: the sample's first rows × {@code networkColumns} values in
     * row-major order ({@link NetworkPooling#pooledValues}), with the run's K1 — plain sufficient statistics,
     * so the merge and the rolling window add them like any other and the standard error counts the values
     * really pooled. A share smaller than one block adds no block (its values are counted as truncated): the
     * price of blocking per layer.
     */
    private MohammadiStats networkStats(NoiseInput in) {
        float[] share = Arrays.copyOf(in.values(), NetworkPooling.pooledValues(in.networkColumns(), in.rows(), in.cols()));
        int usable = UsableValues.count(share, 0, share.length);
        if (usable < k1) {
            return new MohammadiStats(k1, 0.0, 0, 0, 0.0, 0, share.length - usable, usable);
        }
        return estimator.stats(share);
    }

    /**
     * K1 from the sample's nominal size (rows × columns), not from its usable values: the count of exact zeros
     * in a run's first sample is chance, and "the largest divisor ≤ √N" of a chance N jumps between 7 and 74
     * for samples of 8,000 values, which moved α by up to 0.2 between two probes of the same run. Only a
     * first sample too sparse for that K1 falls back to its usable count.
     */
    static int automaticK1(int nominal, int usable) {
        int fromShape = nominal >= BlockSize.MIN_VALUES ? BlockSize.auto(nominal) : 0;
        if (fromShape >= 2 && usable >= 2L * fromShape) {
            return fromShape;
        }
        return usable >= BlockSize.MIN_VALUES ? BlockSize.auto(usable) : 0;
    }

    private static RejectedInputException tooFew(int usable, int k1) {
        return new RejectedInputException(RejectReason.TOO_FEW_VALUES, usable
                + " usable values are fewer than two blocks of K1=" + Math.max(k1, 2) + "; the run's K1 is fixed by "
                + "its first sample (or --k1)");
    }

    private AlphaPoint point(long iteration, String layer, AlphaPoint.Scope scope, MohammadiStats stats,
                             int windowIterations, int layersMerged, long timestampMs) {
        return new AlphaPoint(runId, iteration, layer, scope, MohammadiEstimator.NAME, stats.alpha(), stats.stderr(),
                stats.k1(), stats.k2(), stats.values(), stats.dropped(), windowIterations, layersMerged, timestampMs);
    }
}
