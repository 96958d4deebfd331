package dev.tailwatch.math.layer;

/** Sample quantiles by linear interpolation between order statistics (Hyndman–Fan type 7, numpy's default). */
public final class SampleQuantile {

    private SampleQuantile() {
    }

    /** The p-quantile of an ascending, non-empty array, p in [0, 1]. */
    public static double of(double[] sorted, double p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("p must be in [0, 1], was " + p);
        }
        double position = p * (sorted.length - 1);
        int i = (int) Math.floor(position);
        if (i >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        double t = position - i;
        return sorted[i] + t * (sorted[i + 1] - sorted[i]);
    }
}
