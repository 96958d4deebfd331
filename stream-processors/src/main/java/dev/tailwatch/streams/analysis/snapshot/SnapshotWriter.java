package dev.tailwatch.streams.analysis.snapshot;

import dev.tailwatch.math.MohammadiStats;
import dev.tailwatch.math.detect.Change;
import dev.tailwatch.math.detect.CusumDetector;
import dev.tailwatch.math.detect.JumpAtMinimumDetector;
import dev.tailwatch.math.detect.JumpDetector;
import dev.tailwatch.math.detect.PhaseTracker;
import dev.tailwatch.math.layer.CoordinateAlphas;
import dev.tailwatch.math.layer.Moments;
import dev.tailwatch.math.layer.Reservoir;
import dev.tailwatch.schema.avro.RunSnapshot;
import dev.tailwatch.schema.avro.snapshot.AssemblerState;
import dev.tailwatch.schema.avro.snapshot.ChangeState;
import dev.tailwatch.schema.avro.snapshot.CoordinateAlphasState;
import dev.tailwatch.schema.avro.snapshot.CusumState;
import dev.tailwatch.schema.avro.snapshot.JumpAtMinimumState;
import dev.tailwatch.schema.avro.snapshot.JumpDetectorState;
import dev.tailwatch.schema.avro.snapshot.LayerState;
import dev.tailwatch.schema.avro.snapshot.LongPairs;
import dev.tailwatch.schema.avro.snapshot.MomentsState;
import dev.tailwatch.schema.avro.snapshot.OpenWindowState;
import dev.tailwatch.schema.avro.snapshot.PackedStats;
import dev.tailwatch.schema.avro.snapshot.PendingIterationState;
import dev.tailwatch.schema.avro.snapshot.PendingJumpState;
import dev.tailwatch.schema.avro.snapshot.PhaseState;
import dev.tailwatch.schema.avro.snapshot.ReservoirState;
import dev.tailwatch.schema.avro.snapshot.RunFlagsState;
import dev.tailwatch.schema.avro.snapshot.SeriesState;
import dev.tailwatch.schema.avro.snapshot.SinceState;
import dev.tailwatch.schema.avro.snapshot.StatsState;
import dev.tailwatch.schema.avro.snapshot.StatsWindowState;
import dev.tailwatch.schema.avro.snapshot.TrendPhase;
import dev.tailwatch.schema.avro.snapshot.WarmupState;
import dev.tailwatch.streams.analysis.AnalysisConfig;
import dev.tailwatch.streams.analysis.RunAnalyzerState;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Maps an analyzer's plain-Java state to the snapshot record; {@link SnapshotReader} is its inverse. */
final class SnapshotWriter {

    private SnapshotWriter() {
    }

    static RunSnapshot write(int formatVersion, AnalysisConfig config, RunAnalyzerState s, RunFlags flags) {
        int k1 = s.k1();
        List<LayerState> layers = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(s.layers().keySet());
        names.addAll(s.layerStats().keySet());
        for (String name : names) {
            RunAnalyzerState.Series series = s.layers().get(name);
            RunAnalyzerState.LayerStats window = s.layerStats().get(name);
            layers.add(new LayerState(name, series == null ? null : series(series, k1),
                    window == null ? null : window(window)));
        }
        return RunSnapshot.newBuilder()
                .setFormatVersion(formatVersion)
                .setRunId(s.runId())
                .setConfig(ConfigParameters.of(config))
                .setFlags(new RunFlagsState(flags.finished(), flags.stallReported(), flags.lastInputWallMs()))
                .setK1(k1)
                .setLateSamples(s.lateSamples())
                .setLastIteration(s.lastIteration())
                .setLastJumpOffered(s.lastJumpOffered())
                .setJumpTimestamps(pairs(s.jumpTimestamps()))
                .setAssembler(assembler(s.assembler()))
                .setNetwork(s.network() == null ? null : series(s.network(), k1))
                .setLayers(layers)
                .setLossJumps(jumps(s.lossJumps()))
                .setTrainAccuracyJumps(jumps(s.trainAccuracyJumps()))
                .setTestAccuracyJumps(jumps(s.testAccuracyJumps()))
                .setJumpAtMinimum(jumpAtMinimum(s.jumpAtMinimum()))
                .build();
    }

    private static LongPairs pairs(Map<Long, Long> map) {
        long[] keys = new long[map.size()];
        long[] values = new long[map.size()];
        int i = 0;
        for (Map.Entry<Long, Long> e : map.entrySet()) {
            keys[i] = e.getKey();
            values[i++] = e.getValue();
        }
        return new LongPairs(map.size(), Packing.longs(keys), Packing.longs(values));
    }

    private static AssemblerState assembler(RunAnalyzerState.Assembler a) {
        List<PendingIterationState> pending = new ArrayList<>(a.pending().size());
        for (RunAnalyzerState.PendingIteration p : a.pending()) {
            pending.add(new PendingIterationState(p.iteration(), stats(p.stats()), p.layers(), p.layerCount(), p.timestampMs()));
        }
        return new AssemblerState(a.closedThrough(), pending);
    }

    static StatsState stats(MohammadiStats m) {
        return new StatsState(m.k1(), m.sumLnAbsBlocks(), m.blocks(), m.zeroBlocks(), m.sumLnAbsValues(), m.values(),
                m.dropped(), m.truncated());
    }

    private static SeriesState series(RunAnalyzerState.Series s, int k1) {
        List<MohammadiStats> items = s.window().items();
        double[] sums = new double[items.size() * 2];
        long[] counts = new long[items.size() * 5];
        for (int i = 0; i < items.size(); i++) {
            MohammadiStats m = items.get(i);
            if (m.k1() != k1) {
                throw new IllegalStateException("a window item of K1=" + m.k1() + " in a run of K1=" + k1);
            }
            sums[2 * i] = m.sumLnAbsBlocks();
            sums[2 * i + 1] = m.sumLnAbsValues();
            counts[5 * i] = m.blocks();
            counts[5 * i + 1] = m.zeroBlocks();
            counts[5 * i + 2] = m.values();
            counts[5 * i + 3] = m.dropped();
            counts[5 * i + 4] = m.truncated();
        }
        PackedStats window = new PackedStats(items.size(), k1, Packing.doubles(sums), Packing.longs(counts));
        return new SeriesState(s.lastIteration(), s.window().frontSize(), window, cusum(s.cusum()), phases(s.phases()));
    }

    private static CusumState cusum(CusumDetector.State c) {
        return new CusumState(warmup(c.warmup()), c.previousWarmup() == null ? null : warmup(c.previousWarmup()),
                c.armed(), c.settling(), c.mu0(), c.sPlus(), c.sMinus(), since(c.plus()), since(c.minus()));
    }

    private static WarmupState warmup(CusumDetector.WarmupState w) {
        return new WarmupState(w.count(), w.weightedSum(), w.weights());
    }

    private static SinceState since(CusumDetector.SinceState s) {
        return new SinceState(s.start(), s.weightedSum(), s.weights());
    }

    private static PhaseState phases(PhaseTracker.State p) {
        return new PhaseState(p.values().length, Packing.longs(p.iterations()), Packing.doubles(p.values()),
                phase(p.current()), p.phaseSlopeSum(), p.phaseSlopeCount(), phase(p.candidate()), p.candidateRun());
    }

    private static TrendPhase phase(PhaseTracker.Phase phase) {
        return phase == null ? null : TrendPhase.valueOf(phase.name());
    }

    private static JumpDetectorState jumps(JumpDetector.State j) {
        return new JumpDetectorState(j.last(), j.differences().length, Packing.doubles(j.differences()));
    }

    private static JumpAtMinimumState jumpAtMinimum(JumpAtMinimumDetector.State j) {
        List<PendingJumpState> pending = new ArrayList<>(j.pending().size());
        for (JumpAtMinimumDetector.PendingJump p : j.pending()) {
            pending.add(new PendingJumpState(p.position(), change(p.jump())));
        }
        List<ChangeState> unplaced = new ArrayList<>(j.unplaced().size());
        for (Change c : j.unplaced()) {
            unplaced.add(change(c));
        }
        return new JumpAtMinimumState(j.offset(), j.alphas().length, Packing.doubles(j.alphas()),
                Packing.longs(j.iterations()), pending, unplaced);
    }

    private static ChangeState change(Change c) {
        // Sorted, so that equal states give equal bytes whatever the map's own iteration order.
        return new ChangeState(c.kind().name(), c.iteration(), c.since(), c.before(), c.after(), c.magnitude(),
                c.detector(), new TreeMap<>(c.parameters()), c.description());
    }

    private static StatsWindowState window(RunAnalyzerState.LayerStats w) {
        OpenWindowState open = w.iterations() == 0 ? null : new OpenWindowState(stats(w.layerStats()),
                w.coordinates() == null ? null : coordinates(w.coordinates()), reservoir(w.reservoir()), moments(w.moments()));
        return new StatsWindowState(w.iterations(), w.coordinateValues(), open);
    }

    private static CoordinateAlphasState coordinates(CoordinateAlphas.State c) {
        return CoordinateAlphasState.newBuilder()
                .setCoordinates(c.coordinates())
                .setK1(c.k1())
                .setRowsBeforeScan(c.rowsBeforeScan())
                .setOpenSum(Packing.doubles(c.openSum()))
                .setOpenExponents(Packing.longs(c.openExponents()))
                .setOpenMantissas(Packing.doubles(c.openMantissas()))
                .setOpenCount(Packing.ints(c.openCount()))
                .setBlockExponents(Packing.longs(c.blockExponents()))
                .setBlockMantissas(Packing.doubles(c.blockMantissas()))
                .setClosedValueExponents(Packing.longs(c.closedValueExponents()))
                .setClosedValueMantissas(Packing.doubles(c.closedValueMantissas()))
                .setBlocks(Packing.ints(c.blocks()))
                .setZeroBlocks(Packing.ints(c.zeroBlocks()))
                .setDropped(Packing.longs(c.dropped()))
                .build();
    }

    private static ReservoirState reservoir(Reservoir.State r) {
        ByteBuffer sample = Packing.floats(r.sample());
        return new ReservoirState(r.capacity(), r.sample().length, sample, r.seen(), r.nextReplacement(), r.w(),
                r.randomState());
    }

    private static MomentsState moments(Moments.State m) {
        return new MomentsState(m.n(), m.mean(), m.m2(), m.m3(), m.m4());
    }
}
