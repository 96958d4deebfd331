package dev.tailwatch.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tailwatch.schema.avro.NoiseSample;
import dev.tailwatch.schema.avro.RunInfo;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

    @Test
    void everyRecordTypeRoundTripsThroughTheKafkaInterfaces() {
        Set<Class<?>> types = new HashSet<>();
        for (SpecificRecord record : SampleRecords.all()) {
            AvroSerde<SpecificRecord> serde = serdeOf(record);
            byte[] bytes = serde.serializer().serialize("any-topic", record);
            assertEquals(record, serde.deserializer().deserialize("any-topic", bytes), record.getClass().getSimpleName());
            types.add(record.getClass());
        }
        assertEquals(Topics.all().size(), types.size(), "one sample record per topic");
    }

    @Test
    void theSampleRecordsSetEveryDefaultedFieldAwayFromItsDefault() {
        // Otherwise a round trip that silently fell back to a default would still compare equal.
        for (SpecificRecord record : SampleRecords.all()) {
            for (Schema.Field field : record.getSchema().getFields()) {
                if (field.hasDefaultValue()) {
                    assertNotEquals(SpecificData.get().getDefaultValue(field), record.get(field.pos()),
                            record.getSchema().getName() + "." + field.name());
                }
            }
        }
    }

    @Test
    void bytesStartWithTheSingleObjectHeaderOfTheCurrentSchema() {
        AvroSerde<RunInfo> serde = new AvroSerde<>(RunInfo.class);
        byte[] bytes = serde.encode(SampleRecords.runInfo());
        assertEquals((byte) 0xC3, bytes[0]);
        assertEquals((byte) 0x01, bytes[1]);
        long fingerprint = 0;
        for (int i = 9; i >= 2; i--) {
            fingerprint = (fingerprint << 8) | (bytes[i] & 0xFF);
        }
        assertEquals(SchemaNormalization.parsingFingerprint64(RunInfo.getClassSchema()), fingerprint);
        assertEquals(RunInfo.getClassSchema(), serde.schema());
    }

    @Test
    void nullIsATombstoneBothWays() {
        AvroSerde<RunInfo> serde = new AvroSerde<>(RunInfo.class);
        assertNull(serde.serializer().serialize("t", null));
        assertNull(serde.deserializer().deserialize("t", null));
    }

    @Test
    void garbageIsUndecodableNotAnUnknownVersion() {
        AvroSerde<NoiseSample> serde = new AvroSerde<>(NoiseSample.class);
        for (byte[] garbage : new byte[][] {
            "definitely not avro".getBytes(StandardCharsets.UTF_8), new byte[0], new byte[] {(byte) 0xC3, 0x01, 7},
        }) {
            UndecodableRecordException e = assertThrows(UndecodableRecordException.class, () -> serde.decode(garbage));
            assertFalse(e instanceof UnknownSchemaVersionException, e.toString());
            assertTrue(e.getMessage().startsWith("NoiseSample: "), e.getMessage());
        }
        byte[] whole = serde.encode(SampleRecords.noise());
        UndecodableRecordException cut = assertThrows(UndecodableRecordException.class,
                () -> serde.decode(Arrays.copyOf(whole, whole.length - 5)));
        assertFalse(cut instanceof UnknownSchemaVersionException, cut.toString());
    }

    @Test
    void aForeignFingerprintIsAnUnknownVersionAndSaysWhichOne() {
        AvroSerde<NoiseSample> serde = new AvroSerde<>(NoiseSample.class);
        byte[] bytes = serde.encode(SampleRecords.noise());
        bytes[5] ^= 0x5A;   // inside the 8-byte fingerprint that follows the 2-byte marker
        UndecodableRecordException e = assertThrows(UndecodableRecordException.class, () -> serde.decode(bytes));
        UnknownSchemaVersionException unknown = assertInstanceOf(UnknownSchemaVersionException.class, e);
        long expected = SchemaNormalization.parsingFingerprint64(NoiseSample.getClassSchema()) ^ (0x5AL << 24);
        assertEquals(expected, unknown.fingerprint());
        assertTrue(e.getMessage().contains(Long.toHexString(expected)), e.getMessage());
    }

    @SuppressWarnings("unchecked")
    private static AvroSerde<SpecificRecord> serdeOf(SpecificRecord record) {
        return new AvroSerde<>((Class<SpecificRecord>) record.getClass());
    }
}
