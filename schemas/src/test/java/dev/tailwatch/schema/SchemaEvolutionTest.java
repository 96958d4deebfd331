package dev.tailwatch.schema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tailwatch.schema.avro.LayerInfo;
import dev.tailwatch.schema.avro.NoiseKind;
import dev.tailwatch.schema.avro.NoiseSample;
import dev.tailwatch.schema.avro.ProbeMode;
import dev.tailwatch.schema.avro.RunInfo;
import dev.tailwatch.schema.avro.RunSnapshot;
import dev.tailwatch.schema.avro.RunStatus;
import dev.tailwatch.schema.avro.TrainingMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

class SchemaEvolutionTest {

    @Test
    void everyRecordsCurrentSchemaIsItsLatestReleasedVersion() {
        // A schema changed without a snapshot would let producers write a version no reader can name.
        // Schema.equals, unlike the fingerprint, also sees a changed default.
        for (TopicSpec<?> topic : Topics.all()) {
            Schema current = topic.valueSerde().schema();
            List<Schema> history = SchemaHistory.versions(current.getName());
            assertFalse(history.isEmpty(), "no released version of " + current.getName() + " under avro-history/");
            assertEquals(current, history.get(history.size() - 1),
                    current.getName() + " changed: add avro-history/" + current.getName() + "/v" + (history.size() + 1)
                            + ".avsc");
        }
    }

    @Test
    void theCurrentReaderCanReadEveryReleasedWriter() {
        int pairs = 0;
        for (TopicSpec<?> topic : Topics.all()) {
            Schema current = topic.valueSerde().schema();
            for (Schema writer : SchemaHistory.versions(current.getName())) {
                SchemaCompatibility.SchemaPairCompatibility result =
                        SchemaCompatibility.checkReaderWriterCompatibility(current, writer);
                assertEquals(SchemaCompatibilityType.COMPATIBLE, result.getType(),
                        current.getName() + ": " + result.getDescription());
                pairs++;
            }
        }
        assertTrue(pairs >= Topics.all().size() + 3, "the three records with older versions: " + pairs);
    }

    @Test
    void theRunSnapshotSchemaIsReleasedAndReadsEveryReleasedVersion() {
        // Snapshots are not a topic but live in a changelog: a processor must restore what an older one wrote.
        Schema current = RunSnapshot.getClassSchema();
        List<Schema> history = SchemaHistory.versions("RunSnapshot");
        assertFalse(history.isEmpty(), "no released version of RunSnapshot under avro-history/");
        assertEquals(current, history.get(history.size() - 1),
                "RunSnapshot changed: add avro-history/RunSnapshot/v" + (history.size() + 1) + ".avsc");
        for (Schema writer : history) {
            SchemaCompatibility.SchemaPairCompatibility result =
                    SchemaCompatibility.checkReaderWriterCompatibility(current, writer);
            assertEquals(SchemaCompatibilityType.COMPATIBLE, result.getType(), result.getDescription());
        }
        assertEquals("formatVersion", current.getFields().get(0).name(),
                "the format version must stay the first field: readers of older versions look for it there");
    }

    @Test
    void theHistoryHasTheOlderVersionsOfNoiseRunAndMetrics() {
        for (Map.Entry<String, Integer> record : Map.of("NoiseSample", 4, "RunInfo", 4, "TrainingMetrics", 2).entrySet()) {
            List<Schema> versions = SchemaHistory.versions(record.getKey());
            assertEquals(record.getValue(), versions.size(), record.getKey());
            for (int v = 1; v < versions.size(); v++) {
                assertFalse(versions.get(v - 1).equals(versions.get(v)), record.getKey() + " v" + v + " and v" + (v + 1) + " must differ");
            }
        }
    }

    @Test
    void aRunInfoWrittenWithV2DecodesWithAnEmptyProbeDescriptionAndNoEmaDecay() {
        Schema v2 = released("RunInfo", 2);
        Schema probeV2 = v2.getField("probe").schema().getTypes().get(1);
        GenericRecord probe = new GenericData.Record(probeV2);
        probe.put("mode", new GenericData.EnumSymbol(probeV2.getField("mode").schema(), "ONLINE"));
        probe.put("everyIterations", 1);
        probe.put("probeBatches", 8);
        probe.put("probeBatchSize", 64);
        probe.put("coordinatesPerLayer", 1000);
        probe.put("wholeLayerCap", 0);
        probe.put("seed", 3L);
        GenericRecord old = new GenericData.Record(v2);
        old.put("runId", "v2-run");
        old.put("status", new GenericData.EnumSymbol(v2.getField("status").schema(), "STARTED"));
        old.put("startedAtMs", 5L);
        old.put("endedAtMs", null);
        old.put("model", "fcn");
        old.put("dataset", "mnist");
        old.put("layers", List.of());
        old.put("hyperparameters", Map.of());
        old.put("failure", null);
        old.put("probe", probe);
        old.put("source", "trainer");

        RunInfo decoded = new AvroSerde<>(RunInfo.class).decode(singleObject(old));

        assertEquals(ProbeMode.ONLINE, decoded.getProbe().getMode());
        assertEquals("", decoded.getProbe().getDescription());
        assertEquals(0.0, decoded.getProbe().getEmaDecay());
        assertEquals(64, decoded.getProbe().getProbeBatchSize());
    }

    @Test
    void recordsWrittenWithV3PoolEveryColumnAsTheyDidThen() {
        // Before v4 the network-wide α pooled every tracked column of every layer: old runs keep that meaning.
        Schema noiseV3 = released("NoiseSample", 3);
        GenericRecord noise = new GenericData.Record(noiseV3);
        noise.put("runId", "v3-run");
        noise.put("iteration", 4L);
        noise.put("layer", "fc1");
        noise.put("layerIndex", 0);
        noise.put("layerCount", 2);
        noise.put("mode", new GenericData.EnumSymbol(noiseV3.getField("mode").schema(), "WINDOW"));
        noise.put("kind", new GenericData.EnumSymbol(noiseV3.getField("kind").schema(), "TRACKED_COORDINATES"));
        noise.put("rows", 1);
        noise.put("cols", 2);
        noise.put("values", NoiseValues.pack(new float[] {1f, 2f}));
        noise.put("timestampMs", 7L);
        assertEquals(NetworkPooling.ALL_COLUMNS, new AvroSerde<>(NoiseSample.class).decode(singleObject(noise)).getNetworkColumns());

        Schema runV3 = released("RunInfo", 3);
        Schema layerV3 = runV3.getField("layers").schema().getElementType();
        GenericRecord layer = new GenericData.Record(layerV3);
        layer.put("index", 0);
        layer.put("name", "fc1");
        layer.put("parameterCount", 10L);
        layer.put("shape", List.of(2, 5));
        layer.put("trackedCoordinates", List.of(1, 3));
        GenericRecord run = new GenericData.Record(runV3);
        run.put("runId", "v3-run");
        run.put("status", new GenericData.EnumSymbol(runV3.getField("status").schema(), "STARTED"));
        run.put("startedAtMs", 5L);
        run.put("endedAtMs", null);
        run.put("model", "fcn");
        run.put("dataset", "digits");
        run.put("layers", List.of(layer));
        run.put("probe", null);
        run.put("hyperparameters", Map.of());
        run.put("failure", null);
        run.put("source", "trainer");
        RunInfo decoded = new AvroSerde<>(RunInfo.class).decode(singleObject(run));
        assertEquals(NetworkPooling.ALL_COLUMNS, decoded.getLayers().get(0).getNetworkColumns());
        assertEquals(List.of(1, 3), decoded.getLayers().get(0).getTrackedCoordinates());
    }

    @Test
    void aNoiseSampleWrittenWithV1DecodesWithDefaultsFilledIn() {
        GenericRecord old = new GenericData.Record(released("NoiseSample", 1));
        old.put("runId", "old-run");
        old.put("iteration", 12L);
        old.put("layer", "fc1");
        old.put("layerIndex", 0);
        old.put("rows", 1);
        old.put("cols", 2);
        old.put("values", NoiseValues.pack(new float[] {1.5f, -2.25f}));
        old.put("timestampMs", 99L);

        NoiseSample decoded = new AvroSerde<>(NoiseSample.class).decode(singleObject(old));

        assertEquals("old-run", decoded.getRunId());
        assertEquals(12L, decoded.getIteration());
        assertEquals(99L, decoded.getTimestampMs());
        assertEquals(1, decoded.getLayerCount());
        assertEquals(ProbeMode.EXACT, decoded.getMode());
        assertEquals(NoiseKind.TRACKED_COORDINATES, decoded.getKind());
        assertArrayEquals(new float[] {1.5f, -2.25f}, NoiseValues.values(decoded));
    }

    @Test
    void aRunInfoWrittenWithV1DecodesWithDefaultsFilledInDownToNestedRecords() {
        Schema v1 = released("RunInfo", 1);
        Schema layerV1 = v1.getField("layers").schema().getElementType();
        GenericRecord layer = new GenericData.Record(layerV1);
        layer.put("index", 0);
        layer.put("name", "fc1");
        layer.put("parameterCount", 650L);
        layer.put("shape", List.of(64, 10));
        GenericRecord old = new GenericData.Record(v1);
        old.put("runId", "old-run");
        old.put("status", new GenericData.EnumSymbol(v1.getField("status").schema(), "FINISHED"));
        old.put("startedAtMs", 5L);
        old.put("endedAtMs", 6L);
        old.put("model", "fcn");
        old.put("dataset", "mnist");
        old.put("layers", List.of(layer));
        old.put("hyperparameters", Map.of("lr", "0.1"));
        old.put("failure", null);

        RunInfo decoded = new AvroSerde<>(RunInfo.class).decode(singleObject(old));

        assertEquals(RunStatus.FINISHED, decoded.getStatus());
        assertEquals(6L, decoded.getEndedAtMs());
        assertEquals(Map.of("lr", "0.1"), decoded.getHyperparameters());
        assertNull(decoded.getProbe());
        assertEquals("", decoded.getSource());
        LayerInfo decodedLayer = decoded.getLayers().get(0);
        assertEquals(List.of(64, 10), decodedLayer.getShape());
        assertEquals(List.of(), decodedLayer.getTrackedCoordinates());
    }

    @Test
    void trainingMetricsWrittenWithV1DecodeWithDefaultsFilledIn() {
        GenericRecord old = new GenericData.Record(released("TrainingMetrics", 1));
        old.put("runId", "old-run");
        old.put("iteration", 40L);
        old.put("timestampMs", 7L);
        old.put("loss", 0.75);
        old.put("testAccuracy", 0.5);
        old.put("learningRate", 0.01);
        old.put("batchSize", 32);

        TrainingMetrics decoded = new AvroSerde<>(TrainingMetrics.class).decode(singleObject(old));

        assertEquals(40L, decoded.getIteration());
        assertEquals(0.75, decoded.getLoss());
        assertEquals(0.5, decoded.getTestAccuracy());
        assertEquals(32, decoded.getBatchSize());
        assertEquals(0, decoded.getEpoch());
        assertNull(decoded.getTrainAccuracy());
        assertEquals(0.0, decoded.getGradientNorm());
        assertEquals(0.0, decoded.getStepSeconds());
    }

    @Test
    void aNewerWritersRecordIsAnUnknownVersionUntilItsSchemaIsRegistered() throws Exception {
        Schema future = fixture("NoiseSample-future.avsc");
        GenericRecord record = new GenericData.Record(future);
        NoiseSample current = SampleRecords.noise();
        for (Schema.Field field : NoiseSample.getClassSchema().getFields()) {
            Object value = current.get(field.pos());
            record.put(field.name(), value instanceof Enum<?> e
                    ? new GenericData.EnumSymbol(future.getField(field.name()).schema(), e.name()) : value);
        }
        record.put("device", "H100");
        byte[] bytes = singleObject(record);

        UndecodableRecordException e = assertThrows(UndecodableRecordException.class,
                () -> new AvroSerde<>(NoiseSample.class).decode(bytes));
        UnknownSchemaVersionException unknown = assertInstanceOf(UnknownSchemaVersionException.class, e);
        assertEquals(SchemaNormalization.parsingFingerprint64(future), unknown.fingerprint());

        assertEquals(current, new AvroSerde<>(NoiseSample.class, List.of(future)).decode(bytes));
    }

    private static byte[] singleObject(GenericRecord record) {
        try {
            ByteBuffer encoded = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), record.getSchema())
                    .encode(record);
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Schema released(String record, int version) {
        List<Schema> versions = SchemaHistory.versions(record);
        assertTrue(versions.size() >= version, record + " has no v" + version);
        return versions.get(version - 1);
    }

    private static Schema fixture(String name) throws Exception {
        try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream("/fixtures/" + name)) {
            return new Schema.Parser().parse(in);
        }
    }
}
