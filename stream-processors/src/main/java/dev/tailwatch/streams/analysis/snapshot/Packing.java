package dev.tailwatch.streams.analysis.snapshot;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Packs numeric arrays into the snapshot's {@code bytes} fields and back. Doubles and floats are copied as
 * little-endian raw IEEE-754 bits (bulk copies, and NaN payloads, −0.0 and infinities survive); integers are
 * zig-zag varints as Avro writes its own ints and longs, because exponent sums and counts are small
 * numbers and fixed 8-byte longs would almost double the size of the per-coordinate state. Boxed
 * {@code array<double>} fields would cost an object per value on both sides.
 *
 * <p>Unpacking checks that the bytes hold exactly the element count recorded beside them and throws
 * {@link IllegalArgumentException} naming the field otherwise.
 */
final class Packing {

    private Packing() {
    }

    static ByteBuffer doubles(double[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asDoubleBuffer().put(values);
        return buffer;
    }

    static double[] doubles(ByteBuffer bytes, int count, String field) {
        ByteBuffer b = exactly(bytes, count, Double.BYTES, field);
        double[] values = new double[count];
        b.asDoubleBuffer().get(values);
        return values;
    }

    static ByteBuffer floats(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return buffer;
    }

    static float[] floats(ByteBuffer bytes, int count, String field) {
        ByteBuffer b = exactly(bytes, count, Float.BYTES, field);
        float[] values = new float[count];
        b.asFloatBuffer().get(values);
        return values;
    }

    static ByteBuffer longs(long[] values) {
        byte[] out = new byte[values.length * 10];
        int at = 0;
        for (long v : values) {
            at = writeVarint(out, at, (v << 1) ^ (v >> 63));
        }
        return ByteBuffer.wrap(out, 0, at).slice();
    }

    static ByteBuffer ints(int[] values) {
        byte[] out = new byte[values.length * 5];
        int at = 0;
        for (int v : values) {
            at = writeVarint(out, at, ((long) v << 1) ^ ((long) v >> 63));
        }
        return ByteBuffer.wrap(out, 0, at).slice();
    }

    static long[] longs(ByteBuffer bytes, int count, String field) {
        checkCount(count, field);
        ByteBuffer b = bytes.duplicate();
        long[] values = new long[count];
        for (int i = 0; i < count; i++) {
            long zigzag = readVarint(b, field, count);
            values[i] = (zigzag >>> 1) ^ -(zigzag & 1);
        }
        if (b.hasRemaining()) {
            throw new IllegalArgumentException(field + ": " + b.remaining() + " bytes left over after " + count + " values");
        }
        return values;
    }

    static int[] ints(ByteBuffer bytes, int count, String field) {
        long[] wide = longs(bytes, count, field);
        int[] values = new int[count];
        for (int i = 0; i < count; i++) {
            if (wide[i] != (int) wide[i]) {
                throw new IllegalArgumentException(field + ": value " + wide[i] + " is not an int");
            }
            values[i] = (int) wide[i];
        }
        return values;
    }

    private static int writeVarint(byte[] out, int at, long zigzag) {
        while ((zigzag & ~0x7FL) != 0) {
            out[at++] = (byte) ((zigzag & 0x7F) | 0x80);
            zigzag >>>= 7;
        }
        out[at++] = (byte) zigzag;
        return at;
    }

    private static long readVarint(ByteBuffer b, String field, int count) {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (!b.hasRemaining()) {
                throw new IllegalArgumentException(field + ": the bytes end before " + count + " values");
            }
            byte next = b.get();
            result |= (long) (next & 0x7F) << shift;
            if (next >= 0) {
                return result;
            }
        }
        throw new IllegalArgumentException(field + ": a varint longer than 10 bytes");
    }

    private static ByteBuffer exactly(ByteBuffer bytes, int count, int width, String field) {
        checkCount(count, field);
        if (bytes.remaining() != (long) count * width) {
            throw new IllegalArgumentException(field + ": " + bytes.remaining() + " bytes do not hold " + count + " values of "
                    + width + " bytes");
        }
        return bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void checkCount(int count, String field) {
        if (count < 0) {
            throw new IllegalArgumentException(field + ": negative count " + count);
        }
    }
}
