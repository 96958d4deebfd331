package dev.tailwatch.math;

/**
 * One tail-index estimate with the bookkeeping a reader needs to judge it.
 *
 * <p>{@code k1} and {@code k2} are the block size and block count of the Mohammadi estimator; estimators
 * without blocks report 0 for both. {@code alpha} is never clipped: values above 2 are legitimate
 * sampling noise around a Gaussian and clipping them would bias any average taken later.
 *
 * @param estimator  short name of the estimator ("mohammadi", "mcculloch", "hill")
 * @param alpha      the estimate α̂
 * @param stderr     asymptotic standard error of α̂ at α̂
 * @param used       values that entered the estimate (after dropping and truncation)
 * @param dropped    values left out because they were ±0, NaN or ±Inf
 * @param truncated  usable values left out because they did not fill a whole block
 * @param k1         block size (Mohammadi), else 0
 * @param k2         block count (Mohammadi), else 0
 * @param zeroBlocks blocks whose sum was exactly 0 and so were left out of the mean of ln|Y|
 */
public record AlphaResult(
        String estimator,
        double alpha,
        double stderr,
        long used,
        long dropped,
        long truncated,
        int k1,
        int k2,
        int zeroBlocks) {

    /** Two-sided 95 % normal quantile. */
    public static final double Z95 = 1.959963984540054;

    public double ci95Low() {
        return alpha - Z95 * stderr;
    }

    public double ci95High() {
        return alpha + Z95 * stderr;
    }

    public boolean hasBlocks() {
        return k1 > 0;
    }
}
