package dev.tailwatch.math.layer;

import dev.tailwatch.math.MohammadiStats;
import java.util.Arrays;

/**
 * Per-parameter α_i (Battash et al.): one Mohammadi estimator per tracked coordinate, fed with that
 * coordinate's noise across minibatches and iterations, with a fixed block size K1.
 *
 * <p>Streaming, with O(1) state per coordinate: each coordinate keeps its open block's sum and
 * Σ ln|x|, and the finished blocks' sufficient statistics. The conventions are the estimator's:
 * ±0, NaN and ±Inf are dropped before blocking (and counted), a block summing to exactly 0 is left out
 * of the mean of ln|Y|, and the values of the open block when the statistics are read are left out of
 * both means (truncation). Blocks run on across samples: with one row per sample (the online probe) a
 * block simply spans K1 iterations.
 *
 * <p>Σ ln|x| is kept as exponents and a mantissa product (the trick of the block kernel), so a value
 * costs a few integer operations and one multiplication, and a block one logarithm.
 *
 * <p>Arrays per field rather than an object per coordinate: a layer tracks hundreds of coordinates and a
 * processor holds many layers.
 */
public final class CoordinateAlphas {

    private static final double LN2 = Math.log(2);

    private final int k1;
    private final double[] openSum;
    /** Σ ln|x| of the open block as ln 2 · Σ exponents + ln Π mantissas: one log per block, not per value. */
    private final long[] openExponents;
    private final double[] openMantissas;
    private final int[] openCount;
    private final double[] sumLnAbsBlocks;
    private final int[] blocks;
    private final int[] zeroBlocks;
    private final double[] sumLnAbsValues;
    private final long[] dropped;

    public CoordinateAlphas(int coordinates, int k1) {
        if (coordinates < 1) {
            throw new IllegalArgumentException("coordinates must be positive, was " + coordinates);
        }
        if (k1 < 2) {
            throw new IllegalArgumentException("K1 must be at least 2, was " + k1);
        }
        this.k1 = k1;
        openSum = new double[coordinates];
        openExponents = new long[coordinates];
        openMantissas = new double[coordinates];
        Arrays.fill(openMantissas, 1.0);
        openCount = new int[coordinates];
        sumLnAbsBlocks = new double[coordinates];
        blocks = new int[coordinates];
        zeroBlocks = new int[coordinates];
        sumLnAbsValues = new double[coordinates];
        dropped = new long[coordinates];
    }

    public int coordinates() {
        return openSum.length;
    }

    public int k1() {
        return k1;
    }

    /**
     * Adds a rows × cols row-major matrix whose column j is coordinate j's noise in {@code rows} minibatches.
     *
     * @throws IllegalArgumentException if cols is not the number of coordinates or the length does not match
     */
    public void addRows(float[] values, int rows, int cols) {
        if (cols != coordinates()) {
            throw new IllegalArgumentException(cols + " columns, but " + coordinates() + " coordinates are tracked");
        }
        if ((long) rows * cols != values.length) {
            throw new IllegalArgumentException("shape " + rows + "×" + cols + " does not match " + values.length + " values");
        }
        for (int r = 0; r < rows; r++) {
            int offset = r * cols;
            for (int j = 0; j < cols; j++) {
                add(j, values[offset + j]);
            }
        }
    }

    private void add(int j, float value) {
        int bits = Float.floatToRawIntBits(value);
        int exponentField = (bits >>> 23) & 0xff;
        int mantissaField = bits & 0x7fffff;
        if (exponentField == 0xff || (exponentField == 0 && mantissaField == 0)) {
            dropped[j]++;   // NaN, ±Inf, ±0
            return;
        }
        openSum[j] += value;
        if (exponentField == 0) {
            // Subnormal: scale into the normal range and account for the scale in the exponent.
            add(j, value * 0x1p64f, -64);
        } else {
            openExponents[j] += exponentField - 127;
            openMantissas[j] *= Float.intBitsToFloat(mantissaField | 0x3f800000);
        }
        if (openMantissas[j] > 0x1p900) {
            int e = Math.getExponent(openMantissas[j]);
            openExponents[j] += e;
            openMantissas[j] = Math.scalb(openMantissas[j], -e);
        }
        if (++openCount[j] < k1) {
            return;
        }
        if (openSum[j] == 0.0) {
            zeroBlocks[j]++;
        } else {
            sumLnAbsBlocks[j] += Math.log(Math.abs(openSum[j]));
            blocks[j]++;
        }
        sumLnAbsValues[j] += openExponents[j] * LN2 + Math.log(openMantissas[j]);
        openSum[j] = 0;
        openExponents[j] = 0;
        openMantissas[j] = 1.0;
        openCount[j] = 0;
    }

    private void add(int j, float scaled, int extraExponent) {
        int bits = Float.floatToRawIntBits(scaled);
        openExponents[j] += ((bits >>> 23) & 0xff) - 127 + extraExponent;
        openMantissas[j] *= Float.intBitsToFloat((bits & 0x7fffff) | 0x3f800000);
    }

    /** Coordinate j's statistics over its finished blocks; the open block counts as truncated. */
    public MohammadiStats stats(int j) {
        long whole = (long) blocks[j] + zeroBlocks[j];
        return new MohammadiStats(k1, sumLnAbsBlocks[j], blocks[j], zeroBlocks[j], sumLnAbsValues[j], whole * k1,
                dropped[j], openCount[j]);
    }
}
