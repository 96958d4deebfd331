package dev.tailwatch.bench.common;

import dev.tailwatch.math.layer.SampleQuantile;
import java.util.Arrays;

/** Summaries of a bench's rounds. */
public final class BenchStats {

    private BenchStats() {
    }

    /** The median (the mean of the two middle values for an even count), the input left as it is. */
    public static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return SampleQuantile.of(sorted, 0.5);
    }
}
