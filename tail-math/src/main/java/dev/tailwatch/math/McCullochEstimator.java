package dev.tailwatch.math;


/**
 * McCulloch's (1986) quantile estimator of α, symmetric case: ν̂ = (q̂.95 − q̂.05)/(q̂.75 − q̂.25) from the
 * sample quantiles, inverted through {@link McCullochTable}.
 *
 * <p>Lower error than the block estimator on clean SαS data, but only valid for α ≥ 0.6 (McCulloch's
 * own range; below it ν_α grows so fast that q̂.95 carries almost all of the information), and not
 * mergeable: it needs the sorted sample. Estimates are held within the table, [0.5, 2]: ν̂ below ν(2)
 * (lighter than Gaussian, common at α = 2) gives α̂ = 2, ν̂ above ν(0.5) gives α̂ = 0.5. Sample quantiles
 * follow McCulloch: the i-th of n order statistics is the (i − ½)/n quantile, with linear interpolation.
 * The standard error is the delta method at α̂: the asymptotic covariance of sample quantiles,
 * (min(p, r) − p·r)/(n f(q_p) f(q_r)) at unit scale (ν is scale-free), through the gradient of ν in
 * (q.05, q.25, q.75, q.95), divided by |dν/dα|.
 */
public final class McCullochEstimator implements TailIndexEstimator {

    public static final String NAME = "mcculloch";

    /** Fewest usable values accepted: below this the outer quantiles rest on one or two values. */
    public static final int MIN_VALUES = 20;

    private static final double[] P = {0.05, 0.25, 0.75, 0.95};

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AlphaResult estimate(float[] values) {
        return estimateUsable(UsableValues.compact(values), values.length);
    }

    @Override
    public AlphaResult estimate(double[] values) {
        return estimateUsable(UsableValues.compact(values), values.length);
    }

    private AlphaResult estimateUsable(double[] usable, int total) {
        int n = usable.length;
        if (n < MIN_VALUES) {
            throw new IllegalArgumentException("only " + n + " usable values; McCulloch needs at least " + MIN_VALUES);
        }
        OrderStatistics.selectAll(usable, quantileIndices(n));
        // quantile() reads only the order statistics just selected, so the result is the sort's to the bit.
        double q05 = quantile(usable, 0.05);
        double q25 = quantile(usable, 0.25);
        double q75 = quantile(usable, 0.75);
        double q95 = quantile(usable, 0.95);
        if (!(q75 > q25)) {
            throw new IllegalArgumentException("the inter-quartile range is 0 (" + n + " values with at least half equal)");
        }
        double nu = (q95 - q05) / (q75 - q25);
        double alpha = McCullochTable.alphaForNu(nu);
        return new AlphaResult(NAME, alpha, stderr(alpha, n), n, total - n, 0, 0, 0, 0);
    }

    /** The order statistics {@link #quantile} reads for the four quantiles of a sample of n, ascending and distinct. */
    static int[] quantileIndices(int n) {
        java.util.TreeSet<Integer> indices = new java.util.TreeSet<>();
        for (double p : P) {
            double position = position(p, n);
            int i = (int) Math.floor(position);
            indices.add(i);
            if (position > i) {
                indices.add(i + 1);
            }
        }
        return indices.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Quantile by McCulloch's plotting position (i − ½)/n, linear between order statistics. */
    static double quantile(double[] sorted, double p) {
        double position = position(p, sorted.length);
        int i = (int) Math.floor(position);
        if (position == i) {
            return sorted[i];
        }
        double t = position - i;
        return sorted[i] + t * (sorted[i + 1] - sorted[i]);
    }

    /** Where the quantile at p falls among the order statistics 0 … n−1: (i − ½)/n inverted, held to the ends. */
    private static double position(double p, int n) {
        return Math.min(Math.max(p * n - 0.5, 0), n - 1);
    }

    /** The quantiles are ±q.95 and ±q.75 of the unit law at α (ν is scale-free, so unit scale suffices). */
    static double stderr(double alpha, int n) {
        double a = McCullochTable.q95(alpha);
        double b = McCullochTable.q75(alpha);
        double fb = McCullochTable.densityAtQ75(alpha);
        double fa = McCullochTable.densityAtQ95(alpha);
        double[] f = {fa, fb, fb, fa};
        double width = 2 * a;
        double iqr = 2 * b;
        double[] gradient = {-1 / iqr, width / (iqr * iqr), -width / (iqr * iqr), 1 / iqr};
        double variance = 0;
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                double covariance = (Math.min(P[i], P[j]) - P[i] * P[j]) / (n * f[i] * f[j]);
                variance += gradient[i] * covariance * gradient[j];
            }
        }
        return Math.sqrt(variance) / Math.abs(McCullochTable.nuSlope(alpha));
    }
}
