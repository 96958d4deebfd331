package dev.tailwatch.schema;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The noise values of a {@code NoiseSample}: rows × cols float32, little-endian, row-major. Bulk copies
 * through a {@code FloatBuffer} view: no value is ever boxed, and the bits — NaN payloads, −0.0,
 * subnormals — survive exactly.
 */
public final class PackedFloats {

    private PackedFloats() {
    }

    /** Packs the values into a new little-endian buffer, positioned at 0. */
    public static ByteBuffer pack(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return buffer;
    }

    /**
     * Unpacks rows × cols values; the buffer's position is left unchanged.
     *
     * @throws IllegalArgumentException when the byte count is not rows × cols × 4 or a dimension is not positive
     */
    public static float[] unpack(ByteBuffer bytes, int rows, int cols) {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("shape " + rows + "×" + cols + " has a dimension that is not positive");
        }
        long expected = (long) rows * cols * Float.BYTES;
        if (bytes.remaining() != expected) {
            throw new IllegalArgumentException("shape " + rows + "×" + cols + " needs " + expected
                    + " bytes of float32 values but the record has " + bytes.remaining());
        }
        float[] values = new float[rows * cols];
        bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }
}
