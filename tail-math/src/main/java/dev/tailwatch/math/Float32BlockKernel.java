package dev.tailwatch.math;

/**
 * The hot loop of the Mohammadi estimator for float32 values: block sums and Σ ln|x| in one pass.
 *
 * <p>One {@code Math.log} per value caps Java at ~110–135 M values/s here. Instead Σ ln|x| is taken as
 * ln Π|x|: values are widened to double (exact), multiplied pairwise (a product of two floats is exact in
 * double) into four running products, and every three pairs each running product is renormalised — its
 * binary exponent moved into an integer sum and its mantissa kept in [1, 2). Three pair products
 * lie in [2^-298, 2^256], so a running product stays within [2^-894, 2^769]: never subnormal, never
 * infinite. The only logs left are one per block (ln|Y_i|) and five at the very end.
 *
 * <p>The pass assumes every value is usable. A zero drives a running product to 0 and a NaN or ±Inf
 * drives it to NaN/Inf; both show in the exponent field at the next renormalisation, so the pass
 * reports failure and the caller compacts the values and runs it again.
 */
final class Float32BlockKernel {

    private static final int ROUND = 24;
    private static final long MANTISSA_BITS = 0x000F_FFFF_FFFF_FFFFL;
    private static final long EXPONENT_OF_ONE = 0x3FF0_0000_0000_0000L;
    private static final int DOUBLE_BIAS = 1023;
    private static final double LN2 = 0.6931471805599453;

    private Float32BlockKernel() {
    }

    /**
     * Statistics of {@code k2} consecutive blocks of {@code k1} values starting at {@code from}, or
     * {@code null} when a value in that range is not usable.
     */
    static MohammadiStats blocks(float[] v, int from, int k1, int k2, long truncated) {
        double p0 = 1.0;
        double p1 = 1.0;
        double p2 = 1.0;
        double p3 = 1.0;
        double pTail = 1.0;
        long exponents = 0;
        long renormalisations = 0;
        int unusable = 0;
        double sumLnBlocks = 0.0;
        long nonZeroBlocks = 0;
        long zeroBlocks = 0;

        int i = from;
        for (int block = 0; block < k2; block++) {
            final int end = i + k1;
            double s0 = 0.0;
            double s1 = 0.0;
            double s2 = 0.0;
            double s3 = 0.0;
            for (; i + ROUND <= end; i += ROUND) {
                for (int j = i; j < i + ROUND; j += 8) {
                    double x0 = v[j];
                    double x1 = v[j + 1];
                    double x2 = v[j + 2];
                    double x3 = v[j + 3];
                    double x4 = v[j + 4];
                    double x5 = v[j + 5];
                    double x6 = v[j + 6];
                    double x7 = v[j + 7];
                    s0 += x0 + x4;
                    s1 += x1 + x5;
                    s2 += x2 + x6;
                    s3 += x3 + x7;
                    p0 *= Math.abs(x0 * x1);
                    p1 *= Math.abs(x2 * x3);
                    p2 *= Math.abs(x4 * x5);
                    p3 *= Math.abs(x6 * x7);
                }
                long b0 = Double.doubleToRawLongBits(p0);
                long b1 = Double.doubleToRawLongBits(p1);
                long b2 = Double.doubleToRawLongBits(p2);
                long b3 = Double.doubleToRawLongBits(p3);
                int e0 = (int) (b0 >>> 52) & 0x7FF;
                int e1 = (int) (b1 >>> 52) & 0x7FF;
                int e2 = (int) (b2 >>> 52) & 0x7FF;
                int e3 = (int) (b3 >>> 52) & 0x7FF;
                unusable |= outOfRange(e0) | outOfRange(e1) | outOfRange(e2) | outOfRange(e3);
                exponents += (long) e0 + e1 + e2 + e3;
                renormalisations += 4;
                p0 = Double.longBitsToDouble((b0 & MANTISSA_BITS) | EXPONENT_OF_ONE);
                p1 = Double.longBitsToDouble((b1 & MANTISSA_BITS) | EXPONENT_OF_ONE);
                p2 = Double.longBitsToDouble((b2 & MANTISSA_BITS) | EXPONENT_OF_ONE);
                p3 = Double.longBitsToDouble((b3 & MANTISSA_BITS) | EXPONENT_OF_ONE);
            }
            for (; i < end; i++) {
                double x = v[i];
                s0 += x;
                long bits = Double.doubleToRawLongBits(pTail * Math.abs(x));
                int e = (int) (bits >>> 52) & 0x7FF;
                unusable |= outOfRange(e);
                exponents += e;
                renormalisations++;
                pTail = Double.longBitsToDouble((bits & MANTISSA_BITS) | EXPONENT_OF_ONE);
            }
            double y = (s0 + s1) + (s2 + s3);
            if (y != 0.0) {
                sumLnBlocks += Math.log(Math.abs(y));
                nonZeroBlocks++;
            } else {
                zeroBlocks++;
            }
        }
        if (unusable != 0) {
            return null;
        }
        double sumLnValues = (exponents - DOUBLE_BIAS * renormalisations) * LN2
                + Math.log(p0) + Math.log(p1) + Math.log(p2) + Math.log(p3) + Math.log(pTail);
        return new MohammadiStats(k1, sumLnBlocks, nonZeroBlocks, zeroBlocks,
                sumLnValues, (long) k1 * k2, 0, truncated);
    }

    /** 1 when a biased double exponent marks zero/subnormal (0) or Inf/NaN (0x7FF), else 0. */
    private static int outOfRange(int biasedExponent) {
        return ((biasedExponent - 1) >>> 31) | ((biasedExponent + 1) >>> 11);
    }
}
