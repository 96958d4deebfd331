package dev.tailwatch.schema;

import java.nio.ByteBuffer;

/**
 * The first name of {@link NoiseValues}, kept so existing callers compile; new code uses
 * {@link NoiseValues}, which adds matrices and unpacking into a caller's array.
 */
public final class PackedFloats {

    private PackedFloats() {
    }

    /** See {@link NoiseValues#pack(float[])}. */
    public static ByteBuffer pack(float[] values) {
        return NoiseValues.pack(values);
    }

    /** See {@link NoiseValues#unpack(ByteBuffer, int, int)}. */
    public static float[] unpack(ByteBuffer bytes, int rows, int cols) {
        return NoiseValues.unpack(bytes, rows, cols);
    }
}
