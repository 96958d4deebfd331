package dev.tailwatch.bench;

import dev.tailwatch.math.MohammadiEstimator;
import dev.tailwatch.math.StableSampler;
import dev.tailwatch.math.layer.CoordinateAlphas;
import dev.tailwatch.math.layer.Moments;
import dev.tailwatch.math.layer.Reservoir;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-value work of a layer-stats window on the load harness's record shape (10 minibatches × 500
 * tracked coordinates, a window of 20 iterations, so per-coordinate K1 = 10), one window per invocation,
 * in nanoseconds per value. The in-run baseline is the Mohammadi α of the same records, the work every
 * noise record needs whatever else is computed: each statistic is reported as a multiple of it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class LayerStatsBenchmark {

    private static final int ROWS = 10;
    private static final int COLS = 500;
    private static final int WINDOW = 20;
    private static final int VALUES_PER_WINDOW = ROWS * COLS * WINDOW;

    private float[][] records;
    private final MohammadiEstimator estimator = new MohammadiEstimator(50);

    @Setup(Level.Trial)
    public void generate() {
        StableSampler sampler = new StableSampler(1.5, 1e-3, 7);
        records = new float[WINDOW][];
        for (int i = 0; i < WINDOW; i++) {
            records[i] = sampler.floats(ROWS * COLS);
        }
    }

    @Benchmark
    @OperationsPerInvocation(VALUES_PER_WINDOW)
    public double mohammadiBaseline() {
        double sum = 0;
        for (float[] record : records) {
            sum += estimator.stats(record).sumLnAbsValues();
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(VALUES_PER_WINDOW)
    public double coordinateAlphas() {
        CoordinateAlphas alphas = new CoordinateAlphas(COLS, ROWS);
        for (float[] record : records) {
            alphas.addRows(record, ROWS, COLS);
        }
        double sum = 0;
        for (int j = 0; j < COLS; j++) {
            sum += alphas.stats(j).alpha();
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(VALUES_PER_WINDOW)
    public int reservoir() {
        Reservoir reservoir = new Reservoir(1024, 0x7a11);
        for (float[] record : records) {
            reservoir.offer(record);
        }
        return reservoir.values().length;
    }

    @Benchmark
    @OperationsPerInvocation(VALUES_PER_WINDOW)
    public double moments() {
        Moments moments = new Moments();
        for (float[] record : records) {
            moments.addUsable(record);
        }
        return moments.excessKurtosis();
    }
}
