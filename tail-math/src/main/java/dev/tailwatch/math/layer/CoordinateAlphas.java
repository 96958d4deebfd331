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
 * costs a few integer operations and one multiplication; the finished blocks' Σ ln|Y| and Σ ln|x| are
 * kept the same way, so logarithms are taken only when {@link #stats} is read.
 *
 * <p>Arrays per field rather than an object per coordinate: a layer tracks hundreds of coordinates and a
 * processor holds many layers.
 */
public final class CoordinateAlphas {

    private static final double LN2 = Math.log(2);

    private final int k1;
    private final double[] openSum;
    /** Σ ln|x| of the open block as ln 2 · Σ exponents + ln Π mantissas: no log per value. */
    private final long[] openExponents;
    private final double[] openMantissas;
    private final int[] openCount;
    /**
     * Σ ln|Y| of the finished blocks and Σ ln|x| of their values, each kept as ln 2 · Σ exponents + ln of a
     * mantissa product held in [1, 2): closing a block is then a few integer operations, and the logs are
     * taken only when the statistics are read. (Two logs per block per coordinate were a fifth of the
     * cost of a value with the layer-stats window's small K1.)
     */
    private final long[] blockExponents;
    private final double[] blockMantissas;
    private final long[] closedValueExponents;
    private final double[] closedValueMantissas;
    private final int[] blocks;
    private final int[] zeroBlocks;
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
        blockExponents = new long[coordinates];
        blockMantissas = new double[coordinates];
        Arrays.fill(blockMantissas, 1.0);
        closedValueExponents = new long[coordinates];
        closedValueMantissas = new double[coordinates];
        Arrays.fill(closedValueMantissas, 1.0);
        blocks = new int[coordinates];
        zeroBlocks = new int[coordinates];
        dropped = new long[coordinates];
        rowsBeforeScan = k1;
    }

    /**
     * The exact state, for snapshots: every per-coordinate array (each {@code coordinates} long) and the
     * rows that may still be added before the next block scan.
     */
    public record State(int k1, double[] openSum, long[] openExponents, double[] openMantissas, int[] openCount,
                        long[] blockExponents, double[] blockMantissas, long[] closedValueExponents,
                        double[] closedValueMantissas, int[] blocks, int[] zeroBlocks, long[] dropped,
                        int rowsBeforeScan) {

        /** Tracked coordinates. */
        public int coordinates() {
            return openSum.length;
        }
    }

    /** A copy of the exact state. */
    public State state() {
        return new State(k1, openSum.clone(), openExponents.clone(), openMantissas.clone(), openCount.clone(),
                blockExponents.clone(), blockMantissas.clone(), closedValueExponents.clone(), closedValueMantissas.clone(),
                blocks.clone(), zeroBlocks.clone(), dropped.clone(), rowsBeforeScan);
    }

    /**
     * Coordinates that go on exactly as those the state was taken from.
     *
     * @throws IllegalArgumentException when the arrays are not all of one length or K1 is below 2
     */
    public static CoordinateAlphas restore(State state) {
        int c = state.coordinates();
        int[] lengths = {state.openExponents().length, state.openMantissas().length, state.openCount().length,
            state.blockExponents().length, state.blockMantissas().length, state.closedValueExponents().length,
            state.closedValueMantissas().length, state.blocks().length, state.zeroBlocks().length, state.dropped().length};
        for (int length : lengths) {
            if (length != c) {
                throw new IllegalArgumentException("per-coordinate arrays of " + c + " and " + length + " entries");
            }
        }
        CoordinateAlphas restored = new CoordinateAlphas(c, state.k1());
        System.arraycopy(state.openSum(), 0, restored.openSum, 0, c);
        System.arraycopy(state.openExponents(), 0, restored.openExponents, 0, c);
        System.arraycopy(state.openMantissas(), 0, restored.openMantissas, 0, c);
        System.arraycopy(state.openCount(), 0, restored.openCount, 0, c);
        System.arraycopy(state.blockExponents(), 0, restored.blockExponents, 0, c);
        System.arraycopy(state.blockMantissas(), 0, restored.blockMantissas, 0, c);
        System.arraycopy(state.closedValueExponents(), 0, restored.closedValueExponents, 0, c);
        System.arraycopy(state.closedValueMantissas(), 0, restored.closedValueMantissas, 0, c);
        System.arraycopy(state.blocks(), 0, restored.blocks, 0, c);
        System.arraycopy(state.zeroBlocks(), 0, restored.zeroBlocks, 0, c);
        System.arraycopy(state.dropped(), 0, restored.dropped, 0, c);
        restored.rowsBeforeScan = state.rowsBeforeScan();
        return restored;
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
            addSegment(values, r, segment, cols);
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
     * A segment's rows, coordinate by coordinate: a coordinate's open block stays in registers across the
     * segment's rows, so its state is read and written once per segment, not once per value (those loads
     * and stores were most of what a value cost). Four coordinates go side by side: one coordinate's sum
     * and product are chains of dependent additions and multiplications, and four independent chains keep
     * the floating-point units busy where one would wait on each result. The loop assumes normal values
     * and notes any other exponent field on the way (a separate scan for them cost as much as the update);
     * columns where it saw one are done again, value by value, from their unchanged state. Each
     * coordinate's values are added in row order either way.
     */
    private void addSegment(float[] values, int firstRow, int segmentRows, int cols) {
        int j = 0;
        for (; j + 4 <= cols; j += 4) {
            double sum0 = openSum[j];
            double sum1 = openSum[j + 1];
            double sum2 = openSum[j + 2];
            double sum3 = openSum[j + 3];
            double mantissas0 = openMantissas[j];
            double mantissas1 = openMantissas[j + 1];
            double mantissas2 = openMantissas[j + 2];
            double mantissas3 = openMantissas[j + 3];
            // Biased exponent fields: at most 254 per row, and a segment has fewer than 900 rows.
            int fields0 = 0;
            int fields1 = 0;
            int fields2 = 0;
            int fields3 = 0;
            int special = 0;
            for (int i = 0, at = firstRow * cols + j; i < segmentRows; i++, at += cols) {
                float v0 = values[at];
                float v1 = values[at + 1];
                float v2 = values[at + 2];
                float v3 = values[at + 3];
                int bits0 = Float.floatToRawIntBits(v0);
                int bits1 = Float.floatToRawIntBits(v1);
                int bits2 = Float.floatToRawIntBits(v2);
                int bits3 = Float.floatToRawIntBits(v3);
                int field0 = (bits0 >>> 23) & 0xff;
                int field1 = (bits1 >>> 23) & 0xff;
                int field2 = (bits2 >>> 23) & 0xff;
                int field3 = (bits3 >>> 23) & 0xff;
                special |= notNormal(field0) | notNormal(field1) | notNormal(field2) | notNormal(field3);
                sum0 += v0;
                sum1 += v1;
                sum2 += v2;
                sum3 += v3;
                fields0 += field0;
                fields1 += field1;
                fields2 += field2;
                fields3 += field3;
                mantissas0 *= mantissa(bits0);
                mantissas1 *= mantissa(bits1);
                mantissas2 *= mantissa(bits2);
                mantissas3 *= mantissa(bits3);
            }
            if (special < 0) {
                addColumnsWithSpecialValues(values, firstRow, segmentRows, cols, j, j + 4);
                continue;
            }
            long bias = 127L * segmentRows;
            openSum[j] = sum0;
            openSum[j + 1] = sum1;
            openSum[j + 2] = sum2;
            openSum[j + 3] = sum3;
            openExponents[j] += fields0 - bias;
            openExponents[j + 1] += fields1 - bias;
            openExponents[j + 2] += fields2 - bias;
            openExponents[j + 3] += fields3 - bias;
            openMantissas[j] = mantissas0;
            openMantissas[j + 1] = mantissas1;
            openMantissas[j + 2] = mantissas2;
            openMantissas[j + 3] = mantissas3;
            openCount[j] += segmentRows;
            openCount[j + 1] += segmentRows;
            openCount[j + 2] += segmentRows;
            openCount[j + 3] += segmentRows;
        }
        addColumnsWithSpecialValues(values, firstRow, segmentRows, cols, j, cols);
    }

    /** Negative when a float's biased exponent field is 0 (±0, subnormal) or 0xff (NaN, ±Inf). */
    private static int notNormal(int exponentField) {
        return (exponentField - 1) | (0xfe - exponentField);
    }

    /** The mantissa of a normal float's bits, as a value in [1, 2). */
    private static float mantissa(int bits) {
        return Float.intBitsToFloat((bits & 0x7fffff) | 0x3f800000);
    }

    /** Columns [from, to) of a segment's rows, value by value: ±0, NaN and ±Inf dropped, subnormals rescaled. */
    private void addColumnsWithSpecialValues(float[] values, int firstRow, int segmentRows, int cols, int from, int to) {
        for (int j = from; j < to; j++) {
            for (int i = 0, at = firstRow * cols + j; i < segmentRows; i++, at += cols) {
                float v = values[at];
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
                openMantissas[j] *= mantissa(bits);
                openCount[j]++;
            }
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
                double y = Math.abs(openSum[j]);
                if (y == 0.0) {
                    zeroBlocks[j]++;
                } else {
                    // |Y| is a normal double: a sum of at most 2^31 normal floats can neither overflow nor be subnormal.
                    foldInto(blockExponents, blockMantissas, j, y);
                    blocks[j]++;
                }
                // The open product is at most 2^901 (rescaled above 2^900), so the folded product stays finite.
                closedValueExponents[j] += openExponents[j];
                foldInto(closedValueExponents, closedValueMantissas, j, openMantissas[j]);
                openSum[j] = 0;
                openExponents[j] = 0;
                openMantissas[j] = 1.0;
                openCount[j] = 0;
            }
            fullest = Math.max(fullest, openCount[j]);
        }
        rowsBeforeScan = k1 - fullest;
    }

    /**
     * Multiplies coordinate j's product, kept as 2^exponents · mantissa with the mantissa in [1, 2), by a
     * positive factor whose product with the mantissa is a normal double: the product's exponent moves into
     * the integer sum and its mantissa is kept.
     */
    private static void foldInto(long[] exponents, double[] mantissas, int j, double factor) {
        long bits = Double.doubleToRawLongBits(mantissas[j] * factor);
        exponents[j] += ((bits >>> 52) & 0x7ff) - 1023;
        mantissas[j] = Double.longBitsToDouble((bits & 0x000F_FFFF_FFFF_FFFFL) | 0x3FF0_0000_0000_0000L);
    }

    /** Coordinate j's statistics over its finished blocks; the open block counts as truncated. */
    public MohammadiStats stats(int j) {
        long whole = (long) blocks[j] + zeroBlocks[j];
        double sumLnAbsBlocks = blockExponents[j] * LN2 + Math.log(blockMantissas[j]);
        double sumLnAbsValues = closedValueExponents[j] * LN2 + Math.log(closedValueMantissas[j]);
        return new MohammadiStats(k1, sumLnAbsBlocks, blocks[j], zeroBlocks[j], sumLnAbsValues, whole * k1,
                dropped[j], openCount[j]);
    }
}
