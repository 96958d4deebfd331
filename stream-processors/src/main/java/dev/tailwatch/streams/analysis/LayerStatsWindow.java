package dev.tailwatch.streams.analysis;

import dev.tailwatch.math.BlockSize;
import dev.tailwatch.math.HillEstimator;
import dev.tailwatch.math.McCullochEstimator;
import dev.tailwatch.math.MohammadiStats;
import dev.tailwatch.math.layer.CoordinateAlphas;
import dev.tailwatch.math.layer.Moments;
import dev.tailwatch.math.layer.Reservoir;
import dev.tailwatch.math.layer.SampleQuantile;
import dev.tailwatch.math.layer.SasFitCriterion;
import java.util.Arrays;
import java.util.Optional;

/**
 * One layer's tumbling window of heavy-tail statistics. Memory is bounded whatever the window length:
 * O(1) per tracked coordinate, a fixed-size reservoir and four moments; a value costs a few
 * nanoseconds, so the statistics keep up with the consumer.
 *
 * <p>α_i of a coordinate uses a block size chosen when the window opens from the values one coordinate
 * will see in it (rows × window, {@link BlockSize#auto}), so blocks of one coordinate span minibatches
 * and, with few rows, iterations. If the tracked set changes size inside a window, the coordinate
 * statistics restart with it (the pooled ones go on).
 */
final class LayerStatsWindow {

    private static final McCullochEstimator MCCULLOCH = new McCullochEstimator();
    private static final HillEstimator HILL = new HillEstimator();

    private final String runId;
    private final String layer;
    private final LayerStatsSettings settings;
    private final long seed;
    private int iterations;
    /** Rows of tracked-coordinate samples in the window: the values each coordinate has seen. */
    private long coordinateValues;
    private MohammadiStats layerStats;
    private CoordinateAlphas coordinates;
    private Reservoir reservoir;
    private Moments moments;

    LayerStatsWindow(String runId, String layer, LayerStatsSettings settings) {
        this.runId = runId;
        this.layer = layer;
        this.settings = settings;
        this.seed = settings.seed() ^ layer.hashCode();
    }

    /** The exact state, for snapshots; between windows only the (empty) counts. */
    RunAnalyzerState.LayerStats state() {
        if (iterations == 0) {
            return new RunAnalyzerState.LayerStats(0, coordinateValues, null, null, null, null);
        }
        return new RunAnalyzerState.LayerStats(iterations, coordinateValues, layerStats,
                coordinates == null ? null : coordinates.state(), reservoir.state(), moments.state());
    }

    /** A window that goes on exactly as the one the state was taken from. */
    static LayerStatsWindow restore(String runId, String layer, LayerStatsSettings settings, RunAnalyzerState.LayerStats state) {
        LayerStatsWindow w = new LayerStatsWindow(runId, layer, settings);
        w.iterations = state.iterations();
        w.coordinateValues = state.coordinateValues();
        if (state.iterations() > 0) {
            if (state.reservoir().capacity() != settings.reservoirSize()) {
                throw new IllegalArgumentException("layer " + layer + ": a reservoir of " + state.reservoir().capacity()
                        + " values where the settings keep " + settings.reservoirSize());
            }
            w.layerStats = state.layerStats();
            w.coordinates = state.coordinates() == null ? null : CoordinateAlphas.restore(state.coordinates());
            w.reservoir = Reservoir.restore(state.reservoir());
            w.moments = Moments.restore(state.moments());
        }
        return w;
    }

    /** Adds one sample (with its already computed layer statistics); returns the window's record when it closes. */
    Optional<LayerStatsPoint> add(NoiseInput in, MohammadiStats stats) {
        if (iterations == 0) {
            open(stats.k1());
        }
        layerStats = layerStats.plus(stats);
        if (in.tracked()) {
            if (coordinates == null || coordinates.coordinates() != in.cols()) {
                long expected = Math.max((long) in.rows() * settings.window(), settings.minValuesPerCoordinate());
                int k1 = BlockSize.auto(Math.max(BlockSize.MIN_VALUES, expected));
                coordinates = new CoordinateAlphas(in.cols(), Math.max(2, k1));
            }
            coordinates.addRows(in.values(), in.rows(), in.cols());
            coordinateValues += in.rows();
        }
        reservoir.offer(in.values());
        moments.addUsable(in.values());
        iterations++;
        if (iterations < settings.window() || (coordinates != null && coordinateValues < settings.minValuesPerCoordinate())) {
            return Optional.empty();
        }
        LayerStatsPoint point = close(in.iteration(), in.timestampMs());
        iterations = 0;
        coordinateValues = 0;
        return Optional.of(point);
    }

    private void open(int k1) {
        layerStats = MohammadiStats.empty(k1);
        coordinates = null;
        reservoir = new Reservoir(settings.reservoirSize(), seed);
        moments = new Moments();
    }

    private LayerStatsPoint close(long iteration, long timestampMs) {
        float[] sample = reservoir.usableValues();
        double mcculloch = sample.length >= McCullochEstimator.MIN_VALUES ? orNaN(() -> MCCULLOCH.estimate(sample).alpha()) : Double.NaN;
        double hill = orNaN(() -> HILL.estimate(sample).alpha());
        double[] alphaI = new double[coordinates == null ? 0 : coordinates.coordinates()];
        int evaluated = 0;
        int wins = 0;
        for (int j = 0; j < alphaI.length; j++) {
            MohammadiStats s = coordinates.stats(j);
            if (s.blocks() >= 2) {
                alphaI[evaluated++] = s.alpha();
                wins += SasFitCriterion.sasWins(s) ? 1 : 0;
            }
        }
        alphaI = Arrays.copyOf(alphaI, evaluated);
        Arrays.sort(alphaI);
        boolean any = alphaI.length > 0;
        return new LayerStatsPoint(runId, iteration, layer, iterations, layerStats.alpha(), layerStats.stderr(), mcculloch,
                hill, moments.excessKurtosis(),
                any ? SampleQuantile.of(alphaI, 0.1) : Double.NaN,
                any ? SampleQuantile.of(alphaI, 0.5) : Double.NaN,
                any ? SampleQuantile.of(alphaI, 0.9) : Double.NaN,
                any ? wins / (double) alphaI.length : Double.NaN,
                alphaI.length, moments.count(), timestampMs);
    }

    private interface Estimate {
        double get();
    }

    /** McCulloch and Hill refuse degenerate samples (too few values, all equal): the field is then absent. */
    private static double orNaN(Estimate estimate) {
        try {
            return estimate.get();
        } catch (IllegalArgumentException e) {
            return Double.NaN;
        }
    }
}
