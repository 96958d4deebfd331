package dev.tailwatch.streams.analysis.snapshot;

import dev.tailwatch.math.MohammadiStats;
import dev.tailwatch.math.SlidingWindow;
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
import dev.tailwatch.schema.avro.snapshot.SeriesState;
import dev.tailwatch.schema.avro.snapshot.SinceState;
import dev.tailwatch.schema.avro.snapshot.StatsState;
import dev.tailwatch.schema.avro.snapshot.StatsWindowState;
import dev.tailwatch.schema.avro.snapshot.TrendPhase;
import dev.tailwatch.schema.avro.snapshot.WarmupState;
import dev.tailwatch.streams.analysis.RunAnalyzerState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Maps a snapshot record back to an analyzer's plain-Java state. Inconsistent contents (counts that do
 * not match the packed bytes, unknown names) raise {@link IllegalArgumentException}; the codec reports
 * them as a damaged snapshot.
 */
final class SnapshotReader {

    private SnapshotReader() {
    }

    static RunAnalyzerState read(RunSnapshot s) {
        TreeMap<String, RunAnalyzerState.Series> series = new TreeMap<>();
        TreeMap<String, RunAnalyzerState.LayerStats> windows = new TreeMap<>();
        for (LayerState layer : s.getLayers()) {
            if (layer.getSeries() != null) {
                series.put(layer.getName(), series(layer.getSeries(), layer.getName()));
            }
            if (layer.getStatsWindow() != null) {
                windows.put(layer.getName(), window(layer.getStatsWindow(), layer.getName()));
            }
        }
        return new RunAnalyzerState(s.getRunId(), s.getK1(), s.getLateSamples(), s.getLastIteration(), s.getLastJumpOffered(),
                pairs(s.getJumpTimestamps()), assembler(s.getAssembler()),
                s.getNetwork() == null ? null : series(s.getNetwork(), "network"), series, windows,
                jumps(s.getLossJumps(), "lossJumps"), jumps(s.getTrainAccuracyJumps(), "trainAccuracyJumps"),
                jumps(s.getTestAccuracyJumps(), "testAccuracyJumps"), jumpAtMinimum(s.getJumpAtMinimum()));
    }

    private static TreeMap<Long, Long> pairs(LongPairs p) {
        long[] keys = Packing.longs(p.getKeys(), p.getCount(), "jumpTimestamps.keys");
        long[] values = Packing.longs(p.getValues(), p.getCount(), "jumpTimestamps.values");
        TreeMap<Long, Long> map = new TreeMap<>();
        for (int i = 0; i < keys.length; i++) {
            map.put(keys[i], values[i]);
        }
        return map;
    }

    private static RunAnalyzerState.Assembler assembler(AssemblerState a) {
        List<RunAnalyzerState.PendingIteration> pending = new ArrayList<>(a.getPending().size());
        for (PendingIterationState p : a.getPending()) {
            pending.add(new RunAnalyzerState.PendingIteration(p.getIteration(), stats(p.getStats()), p.getLayers(),
                    p.getLayerCount(), p.getTimestampMs()));
        }
        return new RunAnalyzerState.Assembler(a.getClosedThrough(), pending);
    }

    private static MohammadiStats stats(StatsState m) {
        return new MohammadiStats(m.getK1(), m.getSumLnAbsBlocks(), m.getBlocks(), m.getZeroBlocks(), m.getSumLnAbsValues(),
                m.getValues(), m.getDropped(), m.getTruncated());
    }

    private static RunAnalyzerState.Series series(SeriesState s, String name) {
        PackedStats w = s.getWindow();
        double[] sums = Packing.doubles(w.getSums(), Math.multiplyExact(w.getCount(), 2), name + ".window.sums");
        long[] counts = Packing.longs(w.getCounts(), Math.multiplyExact(w.getCount(), 5), name + ".window.counts");
        List<MohammadiStats> items = new ArrayList<>(w.getCount());
        for (int i = 0; i < w.getCount(); i++) {
            items.add(new MohammadiStats(w.getK1(), sums[2 * i], counts[5 * i], counts[5 * i + 1], sums[2 * i + 1],
                    counts[5 * i + 2], counts[5 * i + 3], counts[5 * i + 4]));
        }
        return new RunAnalyzerState.Series(new SlidingWindow.State<>(items, s.getWindowFrontSize()), cusum(s.getCusum()),
                phases(s.getPhases(), name), s.getLastIteration());
    }

    private static CusumDetector.State cusum(CusumState c) {
        return new CusumDetector.State(warmup(c.getWarmup()), c.getPreviousWarmup() == null ? null : warmup(c.getPreviousWarmup()),
                c.getArmed(), c.getSettling(), c.getMu0(), c.getSPlus(), c.getSMinus(), since(c.getPlus()), since(c.getMinus()));
    }

    private static CusumDetector.WarmupState warmup(WarmupState w) {
        return new CusumDetector.WarmupState(w.getCount(), w.getWeightedSum(), w.getWeights());
    }

    private static CusumDetector.SinceState since(SinceState s) {
        return new CusumDetector.SinceState(s.getStart(), s.getWeightedSum(), s.getWeights());
    }

    private static PhaseTracker.State phases(PhaseState p, String name) {
        return new PhaseTracker.State(Packing.longs(p.getIterations(), p.getCount(), name + ".phases.iterations"),
                Packing.doubles(p.getValues(), p.getCount(), name + ".phases.values"), phase(p.getCurrent()),
                p.getPhaseSlopeSum(), p.getPhaseSlopeCount(), phase(p.getCandidate()), p.getCandidateRun());
    }

    private static PhaseTracker.Phase phase(TrendPhase phase) {
        return phase == null ? null : PhaseTracker.Phase.valueOf(phase.name());
    }

    private static JumpDetector.State jumps(JumpDetectorState j, String name) {
        return new JumpDetector.State(Packing.doubles(j.getDifferences(), j.getCount(), name + ".differences"), j.getLast());
    }

    private static JumpAtMinimumDetector.State jumpAtMinimum(JumpAtMinimumState j) {
        List<JumpAtMinimumDetector.PendingJump> pending = new ArrayList<>(j.getPending().size());
        for (PendingJumpState p : j.getPending()) {
            pending.add(new JumpAtMinimumDetector.PendingJump(change(p.getJump()), p.getPosition()));
        }
        List<Change> unplaced = new ArrayList<>(j.getUnplaced().size());
        for (ChangeState c : j.getUnplaced()) {
            unplaced.add(change(c));
        }
        return new JumpAtMinimumDetector.State(Packing.doubles(j.getAlphas(), j.getCount(), "jumpAtMinimum.alphas"),
                Packing.longs(j.getIterations(), j.getCount(), "jumpAtMinimum.iterations"), j.getOffset(), pending, unplaced);
    }

    private static Change change(ChangeState c) {
        return new Change(Change.Kind.valueOf(c.getKind()), c.getIteration(), c.getSince(), c.getBefore(), c.getAfter(),
                c.getMagnitude(), c.getDetector(), Map.copyOf(c.getParameters()), c.getDescription());
    }

    private static RunAnalyzerState.LayerStats window(StatsWindowState w, String layer) {
        OpenWindowState open = w.getOpen();
        if (open == null) {
            return new RunAnalyzerState.LayerStats(w.getIterations(), w.getCoordinateValues(), null, null, null, null);
        }
        return new RunAnalyzerState.LayerStats(w.getIterations(), w.getCoordinateValues(), stats(open.getStats()),
                open.getCoordinates() == null ? null : coordinates(open.getCoordinates(), layer),
                reservoir(open.getReservoir(), layer), moments(open.getMoments()));
    }

    private static CoordinateAlphas.State coordinates(CoordinateAlphasState c, String layer) {
        int n = c.getCoordinates();
        String at = layer + ".coordinates.";
        return new CoordinateAlphas.State(c.getK1(),
                Packing.doubles(c.getOpenSum(), n, at + "openSum"),
                Packing.longs(c.getOpenExponents(), n, at + "openExponents"),
                Packing.doubles(c.getOpenMantissas(), n, at + "openMantissas"),
                Packing.ints(c.getOpenCount(), n, at + "openCount"),
                Packing.longs(c.getBlockExponents(), n, at + "blockExponents"),
                Packing.doubles(c.getBlockMantissas(), n, at + "blockMantissas"),
                Packing.longs(c.getClosedValueExponents(), n, at + "closedValueExponents"),
                Packing.doubles(c.getClosedValueMantissas(), n, at + "closedValueMantissas"),
                Packing.ints(c.getBlocks(), n, at + "blocks"),
                Packing.ints(c.getZeroBlocks(), n, at + "zeroBlocks"),
                Packing.longs(c.getDropped(), n, at + "dropped"),
                c.getRowsBeforeScan());
    }

    private static Reservoir.State reservoir(ReservoirState r, String layer) {
        return new Reservoir.State(r.getCapacity(), Packing.floats(r.getSample(), r.getCount(), layer + ".reservoir.sample"),
                r.getSeen(), r.getNextReplacement(), r.getW(), r.getRandomState());
    }

    private static Moments.State moments(MomentsState m) {
        return new Moments.State(m.getN(), m.getMean(), m.getM2(), m.getM3(), m.getM4());
    }
}
