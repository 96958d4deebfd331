package dev.tailwatch.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tailwatch.schema.avro.NoiseKind;
import dev.tailwatch.schema.avro.NoiseSample;
import dev.tailwatch.schema.avro.ProbeMode;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class PackedFloatsTest {

    @Test
    void roundTripsEveryBitPatternExactly() {
        float[] values = {
            0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.intBitsToFloat(0x7fc00001),
            Float.intBitsToFloat(0xffa00000), 1.1f, -3.5e-20f,
        };
        float[] back = PackedFloats.unpack(PackedFloats.pack(values), 3, 4);
        for (int i = 0; i < values.length; i++) {
            assertEquals(Float.floatToRawIntBits(values[i]), Float.floatToRawIntBits(back[i]), "value " + i);
        }
    }

    @Test
    void bytesAreLittleEndianFloat32RowMajor() {
        ByteBuffer bytes = PackedFloats.pack(new float[] {1.0f, 2.0f});
        assertEquals(8, bytes.remaining());
        assertEquals(0x00, bytes.get(0));
        assertEquals(0x00, bytes.get(1));
        assertEquals((byte) 0x80, bytes.get(2));
        assertEquals(0x3f, bytes.get(3));
    }

    @Test
    void aShapeThatDoesNotMatchTheBytesIsRejectedWithBothNumbers() {
        ByteBuffer bytes = PackedFloats.pack(new float[6]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PackedFloats.unpack(bytes, 2, 4));
        assertTrue(e.getMessage().contains("32") && e.getMessage().contains("24"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PackedFloats.unpack(bytes, 0, 6));
        assertThrows(IllegalArgumentException.class, () -> NoiseSamples.of("r", 1, "l", 0, 1, ProbeMode.EXACT,
                NoiseKind.TRACKED_COORDINATES, 2, 2, new float[5], 1L));
    }

    @Test
    void unpackingLeavesTheRecordsBufferUntouched() {
        NoiseSample sample = NoiseSamples.of("r", 1, "l", 0, 1, ProbeMode.EXACT, NoiseKind.TRACKED_COORDINATES,
                1, 3, new float[] {1, 2, 3}, 1L);
        int position = sample.getValues().position();
        NoiseSamples.values(sample);
        NoiseSamples.values(sample);
        assertEquals(position, sample.getValues().position());
    }
}
