package dev.tailwatch.schema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tailwatch.schema.avro.NoiseKind;
import dev.tailwatch.schema.avro.NoiseSample;
import dev.tailwatch.schema.avro.ProbeMode;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

class SchemaEvolutionTest {

    @Test
    void everyTopicsCurrentSchemaIsItsLatestReleasedVersion() {
        // Changing a schema without snapshotting it would let producers write a version readers cannot name.
        for (TopicSpec<?> topic : Topics.all()) {
            Schema current = SpecificData.getForClass(topic.valueType()).getSchema(topic.valueType());
            List<Schema> history = SchemaHistory.versions(current.getName());
            assertFalse(history.isEmpty(), "no released version of " + current.getName() + " under avro-history/");
            Schema latest = history.get(history.size() - 1);
            assertEquals(SchemaNormalization.parsingFingerprint64(current), SchemaNormalization.parsingFingerprint64(latest),
                    current.getName() + " changed: add avro-history/" + current.getName() + "/v" + (history.size() + 1) + ".avsc");
        }
    }

    @Test
    void theCurrentReaderCanReadEveryReleasedWriter() {
        for (TopicSpec<?> topic : Topics.all()) {
            Schema current = SpecificData.getForClass(topic.valueType()).getSchema(topic.valueType());
            for (Schema writer : SchemaHistory.versions(current.getName())) {
                SchemaCompatibility.SchemaPairCompatibility result =
                        SchemaCompatibility.checkReaderWriterCompatibility(current, writer);
                assertEquals(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE, result.getType(),
                        current.getName() + ": " + result.getDescription());
            }
        }
    }

    @Test
    void aRecordWrittenWithAnOlderSchemaDecodesWithDefaultsFilledIn() throws Exception {
        Schema old = fixture("NoiseSample-v0.avsc");
        assertEquals(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE,
                SchemaCompatibility.checkReaderWriterCompatibility(NoiseSample.getClassSchema(), old).getType());
        GenericRecord record = new GenericData.Record(old);
        record.put("runId", "old-run");
        record.put("iteration", 12L);
        record.put("layer", "fc1");
        record.put("layerIndex", 0);
        record.put("rows", 1);
        record.put("cols", 2);
        record.put("values", PackedFloats.pack(new float[] {1.5f, -2.25f}));
        record.put("timestampMs", 99L);
        ByteBuffer encoded = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), old).encode(record);
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);

        NoiseSample decoded = new AvroSerde<>(NoiseSample.class, List.of(old)).decode(bytes);
        assertEquals("old-run", decoded.getRunId());
        assertEquals(12L, decoded.getIteration());
        assertEquals(1, decoded.getLayerCount());
        assertEquals(ProbeMode.EXACT, decoded.getMode());
        assertEquals(NoiseKind.TRACKED_COORDINATES, decoded.getKind());
        assertArrayEquals(new float[] {1.5f, -2.25f}, NoiseSamples.values(decoded));

        // Without that version registered, the same bytes are an unknown version, not garbage.
        UndecodableRecordException unknown = assertThrows(UndecodableRecordException.class,
                () -> new AvroSerde<>(NoiseSample.class).decode(bytes));
        assertInstanceOf(UnknownSchemaVersionException.class, unknown);
        assertTrue(unknown.getMessage().contains("schema version"), unknown.getMessage());
    }

    private static Schema fixture(String name) throws Exception {
        try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream("/fixtures/" + name)) {
            return new Schema.Parser().parse(in);
        }
    }
}
