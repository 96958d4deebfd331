package dev.tailwatch.schema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tailwatch.schema.avro.NoiseKind;
import dev.tailwatch.schema.avro.NoiseSample;
import dev.tailwatch.schema.avro.ProbeMode;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.avro.AvroMissingFieldException;
import org.junit.jupiter.api.Test;

class NoiseValuesTest {

    /** The bit patterns a careless conversion (through double, or a canonicalising NaN) would change. */
    private static final float[] AWKWARD = {
        0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.intBitsToFloat(0x007fffff), Float.MIN_NORMAL,
        Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.intBitsToFloat(0x7fc00001),
        Float.intBitsToFloat(0xffa00000), Float.intBitsToFloat(0x7f800001), 1.1f, -3.5e-20f,
    };

    @Test
    void roundTripsEveryBitPatternExactly() {
        float[] back = NoiseValues.unpack(NoiseValues.pack(AWKWARD), 2, 7);
        assertBitsEqual(AWKWARD, back);
    }

    @Test
    void roundTripsExactlyThroughTheSerdeToo() {
        NoiseSample sample = NoiseValues.sample(AWKWARD, 7, 2).setRunId("r").setIteration(1).setLayer("l")
                .setLayerIndex(0).setTimestampMs(1).build();
        NoiseSample back = Topics.NOISE.valueSerde().decode(Topics.NOISE.valueSerde().encode(sample));
        assertBitsEqual(AWKWARD, NoiseValues.values(back));
    }

    @Test
    void bytesAreLittleEndianFloat32RowMajor() {
        ByteBuffer bytes = NoiseValues.pack(new float[][] {{1.0f, 2.0f}, {-2.0f, 0.5f}});
        byte[] expected = {
            0, 0, (byte) 0x80, 0x3f, 0, 0, 0, 0x40, 0, 0, 0, (byte) 0xc0, 0, 0, 0, 0x3f,
        };
        byte[] actual = new byte[bytes.remaining()];
        bytes.duplicate().get(actual);
        assertArrayEquals(expected, actual);
        assertEquals(0, bytes.position());
    }

    @Test
    void aMatrixAndItsFlatRowMajorFormGiveTheSameSample() {
        float[][] matrix = {{1, 2, 3}, {4, 5, 6}};
        NoiseSample.Builder fromMatrix = NoiseValues.sample(matrix);
        NoiseSample.Builder fromFlat = NoiseValues.sample(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertEquals(2, fromMatrix.getRows());
        assertEquals(3, fromMatrix.getCols());
        assertEquals(fromFlat.getValues(), fromMatrix.getValues());
    }

    @Test
    void unpacksIntoTheCallersArrayAndLeavesTheRestAlone() {
        NoiseSample sample = SampleRecords.noise();
        float[] target = new float[10];
        Arrays.fill(target, 42f);
        assertEquals(6, NoiseValues.valuesInto(sample, target));
        assertBitsEqual(NoiseValues.values(sample), Arrays.copyOf(target, 6));
        assertEquals(42f, target[6]);
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> NoiseValues.valuesInto(sample, new float[5]));
        assertTrue(small.getMessage().contains("5") && small.getMessage().contains("6"), small.getMessage());
    }

    @Test
    void unpackingLeavesTheRecordsBufferUntouched() {
        NoiseSample sample = SampleRecords.noise();
        ByteBuffer values = sample.getValues();
        int position = values.position();
        NoiseValues.values(sample);
        NoiseValues.valuesInto(sample, new float[6]);
        assertEquals(position, values.position());
        assertEquals(24, values.remaining());
    }

    @Test
    void aShapeThatDoesNotMatchTheBytesIsRejectedWithBothNumbers() {
        ByteBuffer bytes = NoiseValues.pack(new float[6]);
        NoiseShapeException e = assertThrows(NoiseShapeException.class, () -> NoiseValues.unpack(bytes, 2, 4));
        assertTrue(e.getMessage().contains("32") && e.getMessage().contains("24"), e.getMessage());
        assertEquals(32, e.expectedBytes());
        assertEquals(24, e.actualBytes());
        assertThrows(NoiseShapeException.class, () -> NoiseValues.unpack(bytes, 0, 6));
        assertThrows(NoiseShapeException.class, () -> NoiseValues.unpack(bytes, -2, -3));
        assertThrows(NoiseShapeException.class, () -> NoiseValues.unpack(bytes, 65_536, 65_536));
        assertThrows(NoiseShapeException.class, () -> NoiseValues.sample(new float[5], 2, 2));
        assertThrows(NoiseShapeException.class, () -> NoiseValues.sample(new float[][] {{1, 2}, {3}}));
        assertThrows(NoiseShapeException.class, () -> NoiseValues.sample(new float[0][]));
    }

    @Test
    void aSampleWhoseHeaderDisagreesWithItsBytesIsRejectedOnRead() {
        NoiseSample lying = NoiseSample.newBuilder(SampleRecords.noise()).setCols(4).build();
        assertThrows(NoiseShapeException.class, () -> NoiseValues.values(lying));
    }

    @Test
    void buildingASampleWithoutItsIdentityNamesTheMissingField() {
        AvroMissingFieldException e = assertThrows(AvroMissingFieldException.class,
                () -> NoiseValues.sample(new float[] {1}, 1, 1).build());
        assertTrue(e.getMessage().contains("runId"), e.getMessage());
    }

    @Test
    void theOlderNamesGiveTheSameSamplesAndBytes() {
        float[] values = {1, -0f, Float.NaN, 4};
        NoiseSample viaOld = NoiseSamples.of("r", 3, "fc1", 1, 2, ProbeMode.ONLINE, NoiseKind.WHOLE_LAYER_SAMPLE,
                2, 2, values, 5);
        NoiseSample viaNew = NoiseValues.sample(values, 2, 2).setRunId("r").setIteration(3).setLayer("fc1")
                .setLayerIndex(1).setLayerCount(2).setMode(ProbeMode.ONLINE).setKind(NoiseKind.WHOLE_LAYER_SAMPLE)
                .setTimestampMs(5).build();
        assertEquals(viaNew, viaOld);
        assertBitsEqual(values, NoiseSamples.values(viaOld));
    }

    private static void assertBitsEqual(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]), "value " + i);
        }
    }
}
