package dev.tailwatch.math;

/**
 * Sufficient statistics of the Mohammadi–Mohammadpour–Ogata estimator for one fixed block size K1.
 *
 * <p>For a fixed K1 the estimate α̂ = ln K1 / (mean ln|Y| − mean ln|x|) depends only on the sums and
 * counts held here, so statistics of disjoint sets of blocks (other layers, other iterations of a
 * rolling window) add exactly: that is what makes network-wide and rolling α O(1) per update.
 *
 * @param k1              block size K1 (≥ 2)
 * @param sumLnAbsBlocks  Σ ln|Y_i| over blocks with a non-zero sum
 * @param blocks          number of blocks in {@code sumLnAbsBlocks} (K2 minus the zero blocks)
 * @param zeroBlocks      blocks whose sum was exactly 0, left out of the mean of ln|Y|
 * @param sumLnAbsValues  Σ ln|x_k| over every value of every whole block
 * @param values          number of values in {@code sumLnAbsValues} (K1 · K2)
 * @param dropped         values dropped before blocking because they were ±0, NaN or ±Inf
 * @param truncated       usable values after the last whole block, left out of both means
 */
public record MohammadiStats(
        int k1,
        double sumLnAbsBlocks,
        long blocks,
        long zeroBlocks,
        double sumLnAbsValues,
        long values,
        long dropped,
        long truncated) {

    /** π²/6, from Var ln|X| = π²/6 · (1/α² + 1/2) for SαS X. */
    private static final double PI_SQUARED_OVER_6 = Math.PI * Math.PI / 6.0;

    public MohammadiStats {
        if (k1 < 2) {
            throw new IllegalArgumentException("K1 must be at least 2, was " + k1);
        }
    }

    /** Statistics of nothing, the identity of {@link #plus}. */
    public static MohammadiStats empty(int k1) {
        return new MohammadiStats(k1, 0.0, 0, 0, 0.0, 0, 0, 0);
    }

    /**
     * The statistics of the union of both sets of blocks.
     *
     * @throws IllegalArgumentException if the block sizes differ (the sums would not be of the same estimator)
     */
    public MohammadiStats plus(MohammadiStats other) {
        if (other.k1 != k1) {
            throw new IllegalArgumentException("cannot merge statistics of K1=" + k1 + " and K1=" + other.k1);
        }
        return new MohammadiStats(k1,
                sumLnAbsBlocks + other.sumLnAbsBlocks,
                blocks + other.blocks,
                zeroBlocks + other.zeroBlocks,
                sumLnAbsValues + other.sumLnAbsValues,
                values + other.values,
                dropped + other.dropped,
                truncated + other.truncated);
    }

    /** The statistics with {@code other}'s blocks taken away again (for sliding windows). */
    public MohammadiStats minus(MohammadiStats other) {
        if (other.k1 != k1) {
            throw new IllegalArgumentException("cannot subtract statistics of K1=" + other.k1 + " from K1=" + k1);
        }
        return new MohammadiStats(k1,
                sumLnAbsBlocks - other.sumLnAbsBlocks,
                blocks - other.blocks,
                zeroBlocks - other.zeroBlocks,
                sumLnAbsValues - other.sumLnAbsValues,
                values - other.values,
                dropped - other.dropped,
                truncated - other.truncated);
    }

    /** Whether there is at least one non-zero block, i.e. whether α̂ is defined. */
    public boolean hasEstimate() {
        return blocks > 0 && values > 0;
    }

    /** α̂ = ln K1 / (mean ln|Y| − mean ln|x|); NaN when there is no block. Never clipped. */
    public double alpha() {
        if (!hasEstimate()) {
            return Double.NaN;
        }
        double meanLnBlocks = sumLnAbsBlocks / blocks;
        double meanLnValues = sumLnAbsValues / values;
        return Math.log(k1) / (meanLnBlocks - meanLnValues);
    }

    /**
     * Delta-method standard error α²·√(π²/6·(1/α² + ½)/K2) / ln K1, evaluated at α̂.
     * It neglects the (much smaller) variance of mean ln|x| and its covariance with mean ln|Y|.
     */
    public double stderr() {
        double a = alpha();
        if (!Double.isFinite(a) || a == 0.0) {
            return Double.NaN;
        }
        double variancePerBlock = PI_SQUARED_OVER_6 * (1.0 / (a * a) + 0.5);
        return a * a * Math.sqrt(variancePerBlock / blocks) / Math.log(k1);
    }

    /** K2 as used: all whole blocks, including the zero blocks. */
    public long k2() {
        return blocks + zeroBlocks;
    }

    /** The estimate in the common result form. */
    public AlphaResult toResult() {
        return new AlphaResult(MohammadiEstimator.NAME, alpha(), stderr(), values, dropped, truncated,
                k1, (int) Math.min(Integer.MAX_VALUE, k2()), (int) Math.min(Integer.MAX_VALUE, zeroBlocks));
    }
}
