package dev.tailwatch.schema;

import dev.tailwatch.schema.avro.NoiseSample;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * The {@code values} of a {@link NoiseSample}: rows × cols IEEE-754 float32, little-endian, row-major.
 *
 * <p>Everything goes through bulk copies of a {@code FloatBuffer} view, so no value is ever boxed and
 * every bit pattern — NaN payloads, −0.0, infinities, subnormals — survives exactly. Nobody should pack
 * or unpack these bytes by hand.
 */
public final class NoiseValues {

    /** A Java array and a ByteBuffer both stop at Integer.MAX_VALUE elements. */
    private static final long MAX_BYTES = Integer.MAX_VALUE - (Integer.MAX_VALUE % Float.BYTES);

    private NoiseValues() {
    }

    /** Packs the values into a new little-endian buffer, positioned at 0 with the values' bytes remaining. */
    public static ByteBuffer pack(float[] values) {
        if (values.length > MAX_BYTES / Float.BYTES) {
            throw new NoiseShapeException(values.length + " values need more bytes than one buffer can hold",
                    1, values.length, (long) values.length * Float.BYTES, -1);
        }
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return buffer;
    }

    /**
     * Packs a matrix row by row.
     *
     * @throws NoiseShapeException when the matrix is empty, a row is empty, or the rows differ in length
     */
    public static ByteBuffer pack(float[][] matrix) {
        int cols = checkRectangular(matrix);
        long bytes = checkedBytes(matrix.length, cols);
        ByteBuffer buffer = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
        FloatBuffer floats = buffer.asFloatBuffer();
        for (float[] row : matrix) {
            floats.put(row);
        }
        return buffer;
    }

    /**
     * Unpacks rows × cols values into a new array; the buffer's position is left unchanged.
     *
     * @throws NoiseShapeException when a dimension is not positive or the byte count is not rows × cols × 4
     */
    public static float[] unpack(ByteBuffer bytes, int rows, int cols) {
        checkBytes(bytes, rows, cols);
        float[] values = new float[rows * cols];
        floats(bytes).get(values);
        return values;
    }

    /**
     * Unpacks rows × cols values into the first rows × cols elements of the caller's array, so a consumer
     * can reuse one array for every sample; the buffer's position is left unchanged.
     *
     * @return rows × cols, the number of elements written
     * @throws NoiseShapeException      as {@link #unpack(ByteBuffer, int, int)}
     * @throws IllegalArgumentException when the target is shorter than rows × cols
     */
    public static int unpackInto(ByteBuffer bytes, int rows, int cols, float[] target) {
        checkBytes(bytes, rows, cols);
        int n = rows * cols;
        if (target.length < n) {
            throw new IllegalArgumentException("target holds " + target.length + " floats but the sample has "
                    + rows + "×" + cols + " = " + n);
        }
        floats(bytes).get(target, 0, n);
        return n;
    }

    /** The sample's values, checked against its shape. */
    public static float[] values(NoiseSample sample) {
        return unpack(sample.getValues(), sample.getRows(), sample.getCols());
    }

    /** The sample's values into the caller's array; see {@link #unpackInto(ByteBuffer, int, int, float[])}. */
    public static int valuesInto(NoiseSample sample, float[] target) {
        return unpackInto(sample.getValues(), sample.getRows(), sample.getCols(), target);
    }

    /**
     * A sample builder with rows, cols and values set from row-major values; the caller sets the rest
     * (run id, iteration, layer, layerIndex, timestamp, and layerCount, mode, kind where the defaults do
     * not fit). {@code build()} names any required field left unset.
     *
     * @throws NoiseShapeException when a dimension is not positive or values.length is not rows × cols
     */
    public static NoiseSample.Builder sample(float[] values, int rows, int cols) {
        long expected = checkedBytes(rows, cols);
        if ((long) values.length * Float.BYTES != expected) {
            throw new NoiseShapeException("shape " + rows + "×" + cols + " needs " + (expected / Float.BYTES)
                    + " values but " + values.length + " were given", rows, cols, expected,
                    (long) values.length * Float.BYTES);
        }
        return NoiseSample.newBuilder().setRows(rows).setCols(cols).setValues(pack(values));
    }

    /**
     * A sample builder from a matrix of minibatches (rows) × coordinates (columns); see
     * {@link #sample(float[], int, int)}.
     *
     * @throws NoiseShapeException when the matrix is empty or ragged
     */
    public static NoiseSample.Builder sample(float[][] matrix) {
        ByteBuffer packed = pack(matrix);
        return NoiseSample.newBuilder().setRows(matrix.length).setCols(matrix[0].length).setValues(packed);
    }

    private static FloatBuffer floats(ByteBuffer bytes) {
        // duplicate() keeps the caller's position and limit, but resets the order to big-endian.
        return bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    }

    private static void checkBytes(ByteBuffer bytes, int rows, int cols) {
        long expected = checkedBytes(rows, cols);
        if (bytes.remaining() != expected) {
            throw new NoiseShapeException("shape " + rows + "×" + cols + " needs " + expected
                    + " bytes of float32 values but the record has " + bytes.remaining(), rows, cols, expected,
                    bytes.remaining());
        }
    }

    private static long checkedBytes(long rows, long cols) {
        if (rows <= 0 || cols <= 0) {
            throw new NoiseShapeException("shape " + rows + "×" + cols + " has a dimension that is not positive",
                    rows, cols, -1, -1);
        }
        long bytes = rows * cols * Float.BYTES;
        if (bytes > MAX_BYTES) {
            throw new NoiseShapeException("shape " + rows + "×" + cols + " needs " + bytes
                    + " bytes, more than one array can hold", rows, cols, bytes, -1);
        }
        return bytes;
    }

    private static int checkRectangular(float[][] matrix) {
        if (matrix.length == 0 || matrix[0].length == 0) {
            throw new NoiseShapeException("a noise matrix needs at least one row and one column",
                    matrix.length, matrix.length == 0 ? 0 : matrix[0].length, -1, -1);
        }
        int cols = matrix[0].length;
        for (int r = 1; r < matrix.length; r++) {
            if (matrix[r].length != cols) {
                throw new NoiseShapeException("row " + r + " has " + matrix[r].length + " values but row 0 has "
                        + cols + ": the matrix must be rectangular", matrix.length, cols, -1, -1);
            }
        }
        return cols;
    }
}
