package dev.tailwatch.math;

import java.util.Arrays;

/**
 * Hill's estimator on |x|: α̂ = 1 / ((1/k) Σ_{i≤k} ln(X_(i) / X_(k+1))) over the k largest magnitudes.
 *
 * <p>A diagnostic only: it assumes a Pareto tail from X_(k+1) on, which SαS only has far out, so it is
 * sensible for α ≲ 1.1 and biased upward beyond. Standard error α̂/√k (asymptotic, Pareto tail).
 *
 * <p>The tail is the k = max({@value #MIN_TAIL}, ⌊fraction · n⌋) largest magnitudes, fraction
 * {@value #DEFAULT_TAIL_FRACTION} by default: a larger share reaches into the body of an SαS law, where the
 * Pareto assumption fails, and a smaller one makes α̂/√k large (k = 2000 at n = 100 000 gives ±2 %).
 */
public final class HillEstimator implements TailIndexEstimator {

    public static final String NAME = "hill";

    /** Default share of the values treated as the tail. */
    public static final double DEFAULT_TAIL_FRACTION = 0.02;

    /** Fewest tail values used, however small the sample. */
    public static final int MIN_TAIL = 10;

    private final double tailFraction;

    public HillEstimator() {
        this(DEFAULT_TAIL_FRACTION);
    }

    /** @param tailFraction share of the values (by magnitude) used as the tail, in (0, 0.5] */
    public HillEstimator(double tailFraction) {
        if (!(tailFraction > 0 && tailFraction <= 0.5)) {
            throw new IllegalArgumentException("tail fraction must be in (0, 0.5], was " + tailFraction);
        }
        this.tailFraction = tailFraction;
    }

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
        int k = Math.max(MIN_TAIL, (int) Math.floor(tailFraction * n));
        if (n < k + 1) {
            throw new IllegalArgumentException("only " + n + " usable values; Hill needs at least " + (MIN_TAIL + 1));
        }
        for (int i = 0; i < n; i++) {
            usable[i] = Math.abs(usable[i]);
        }
        // Only the threshold and the k values above it matter: select, then sort just those k, so the sum runs
        // in the same order (and gives the same bits) as over a fully sorted sample.
        OrderStatistics.select(usable, 0, n, n - k - 1);
        Arrays.sort(usable, n - k, n);
        double threshold = usable[n - k - 1];
        double lnThreshold = Math.log(threshold);
        double sum = 0;
        for (int i = n - k; i < n; i++) {
            sum += Math.log(usable[i]) - lnThreshold;
        }
        if (sum <= 0) {
            throw new IllegalArgumentException("the " + k + " largest magnitudes are all equal; no tail to estimate");
        }
        double alpha = k / sum;
        return new AlphaResult(NAME, alpha, alpha / Math.sqrt(k), n, total - n, 0, 0, 0, 0);
    }
}
