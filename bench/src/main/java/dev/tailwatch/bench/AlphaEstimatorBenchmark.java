package dev.tailwatch.bench;

import dev.tailwatch.math.BlockSize;
import dev.tailwatch.math.MohammadiEstimator;
import dev.tailwatch.math.StableSampler;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Mohammadi estimator on float32 values, against the in-run baseline of the same formula with one
 * {@code Math.log} per value (the approach DESIGN.md measured at ~105–135 M values/s).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class AlphaEstimatorBenchmark {

    @Param({"100000", "1000000", "10000000"})
    public int size;

    private float[] values;
    private int k1;
    private final MohammadiEstimator estimator = new MohammadiEstimator();

    @Setup(Level.Trial)
    public void generate() {
        values = new StableSampler(1.3, 1.0, 42).floats(size);
        k1 = BlockSize.auto(size);
    }

    @Benchmark
    public double mohammadi() {
        return estimator.estimate(values).alpha();
    }

    /** The textbook loop: widen, sum blocks, one log per value. */
    @Benchmark
    public double oneLogPerValueBaseline() {
        int k2 = values.length / k1;
        double sumLnY = 0;
        double sumLnX = 0;
        int i = 0;
        for (int b = 0; b < k2; b++) {
            double y = 0;
            for (int end = i + k1; i < end; i++) {
                double x = values[i];
                y += x;
                sumLnX += Math.log(Math.abs(x));
            }
            sumLnY += Math.log(Math.abs(y));
        }
        return Math.log(k1) / (sumLnY / k2 - sumLnX / ((double) k1 * k2));
    }
}
