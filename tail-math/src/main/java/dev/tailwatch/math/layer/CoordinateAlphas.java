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
    /** Rows that can be added before any coordinate's open block can be full. */
    private int rowsBeforeScan;
    /** Below this K1 a block's mantissa product (K1 factors in [1, 2)) cannot overflow a double. */
    private static final int RESCALE_FREE_K1 = 900;

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
        rowsBeforeScan = k1;
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
        int r = 0;
        while (r < rows) {
            // Blocks are closed by a scan that runs only when some coordinate may have reached K1: each row adds
            // at most one value per coordinate, so none can before rowsBeforeScan more rows. The rows up to
            // that point form one segment; a K1 large enough to need rescaling goes row by row.
            int segment = k1 >= RESCALE_FREE_K1 ? 1 : Math.min(rows - r, rowsBeforeScan);
            if (allNormal(values, r * cols, segment * cols)) {
                addSegment(values, r, segment, cols);
            } else {
                for (int i = 0; i < segment; i++) {
                    addRowWithSpecialValues(values, (r + i) * cols);
                }
            }
            if (k1 >= RESCALE_FREE_K1) {
                rescaleMantissas();
            }
            rowsBeforeScan -= segment;
            if (rowsBeforeScan <= 0) {
                closeFullBlocks();
            }
            r += segment;
        }
    }

    /**
     * Rows of normal values, coordinate by coordinate: a coordinate's open block stays in registers across
     * the segment's rows, so its state is read and written once per segment, not once per value (those
     * loads and stores were most of what a value cost). Values are still added in row order.
     */
    private void addSegment(float[] values, int firstRow, int segmentRows, int cols) {
        for (int j = 0; j < cols; j++) {
            double sum = openSum[j];
            long exponents = openExponents[j];
            double mantissas = openMantissas[j];
            for (int i = 0, at = firstRow * cols + j; i < segmentRows; i++, at += cols) {
                float v = values[at];
                int bits = Float.floatToRawIntBits(v);
                sum += v;
                exponents += ((bits >>> 23) & 0xff) - 127;
                mantissas *= Float.intBitsToFloat((bits & 0x7fffff) | 0x3f800000);
            }
            openSum[j] = sum;
            openExponents[j] = exponents;
            openMantissas[j] = mantissas;
            openCount[j] += segmentRows;
        }
    }

    /** No ±0, subnormal, NaN or infinity among the n values from offset: no exponent field is 0 or 0xff. */
    private static boolean allNormal(float[] values, int offset, int n) {
        int flags = 0;
        for (int j = 0; j < n; j++) {
            int exponentField = (Float.floatToRawIntBits(values[offset + j]) >>> 23) & 0xff;
            // 0xff + 1 sets bit 8; 0 − 1 sets the sign bit; every normal exponent leaves both clear
            flags |= ((exponentField + 1) & 0x100) | ((exponentField - 1) & 0x80000000);
        }
        return flags == 0;
    }

    private void addRowWithSpecialValues(float[] values, int offset) {
        for (int j = 0; j < openSum.length; j++) {
            float v = values[offset + j];
            int bits = Float.floatToRawIntBits(v);
            int exponentField = (bits >>> 23) & 0xff;
            if (exponentField == 0xff || (bits & 0x7fffffff) == 0) {
                dropped[j]++;   // NaN, ±Inf, ±0
                continue;
            }
            int extraExponent = 0;
            if (exponentField == 0) {
                // Subnormal: scale into the normal range and account for the scale in the exponent.
                bits = Float.floatToRawIntBits(v * 0x1p64f);
                extraExponent = -64;
            }
            openSum[j] += v;
            openExponents[j] += ((bits >>> 23) & 0xff) - 127 + extraExponent;
            openMantissas[j] *= Float.intBitsToFloat((bits & 0x7fffff) | 0x3f800000);
            openCount[j]++;
        }
    }

    /** Only for K1 ≥ {@link #RESCALE_FREE_K1}: a product of K1 mantissas in [1, 2) could then overflow. */
    private void rescaleMantissas() {
        for (int j = 0; j < openMantissas.length; j++) {
            if (openMantissas[j] > 0x1p900) {
                int e = Math.getExponent(openMantissas[j]);
                openExponents[j] += e;
                openMantissas[j] = Math.scalb(openMantissas[j], -e);
            }
        }
    }

    private void closeFullBlocks() {
        int fullest = 0;
        for (int j = 0; j < openCount.length; j++) {
            if (openCount[j] == k1) {
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
            fullest = Math.max(fullest, openCount[j]);
        }
        rowsBeforeScan = k1 - fullest;
    }

    /** Coordinate j's statistics over its finished blocks; the open block counts as truncated. */
    public MohammadiStats stats(int j) {
        long whole = (long) blocks[j] + zeroBlocks[j];
        return new MohammadiStats(k1, sumLnAbsBlocks[j], blocks[j], zeroBlocks[j], sumLnAbsValues[j], whole * k1,
                dropped[j], openCount[j]);
    }
}
