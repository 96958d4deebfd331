package dev.tailwatch.streams.analysis.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tailwatch.schema.AvroSerde;
import dev.tailwatch.schema.avro.RunSnapshot;
import dev.tailwatch.streams.analysis.AnalysisConfig;
import dev.tailwatch.streams.analysis.CollectingSink;
import dev.tailwatch.streams.analysis.LayerStatsSettings;
import dev.tailwatch.streams.analysis.RunAnalyzer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Snapshots that must not be restored are refused with one line that says why and what to do. */
class SnapshotRefusalTest {

    private static final AnalysisConfig CONFIG = AnalysisConfig.defaults();
    private static byte[] valid;

    @BeforeAll
    static void takeASnapshot() throws Exception {
        RunAnalyzer analyzer = new RunAnalyzer(SnapshotScenario.RUN, CONFIG);
        CollectingSink sink = new CollectingSink();
        for (SnapshotScenario.Input in : SnapshotScenario.inputs(80, 2, 1000)) {
            in.feed(analyzer, sink);
        }
        valid = new RunSnapshotCodec(CONFIG).encode(analyzer, new RunFlags(false, true, 5));
    }

    @Test
    void aSnapshotTakenWithOtherAnalysisOptionsIsRefusedNamingTheParameter() {
        String window = refusal(new RunSnapshotCodec(new AnalysisConfig(100, 0, 1)), valid);
        assertTrue(window.contains("window 50 vs 100 (snapshot vs this processor)"), window);
        assertTrue(window.contains("run with the same analysis options or a new application id"), window);
        String seed = refusal(new RunSnapshotCodec(CONFIG.withLayerStats(new LayerStatsSettings(20, 1024, 1, 160))), valid);
        assertTrue(seed.contains("reservoirSeed 31249 vs 1"), seed);
    }

    @Test
    void aBlobWithAnUnknownFingerprintIsRefusedNamingTheVersions() {
        byte[] unknown = valid.clone();
        unknown[2] ^= 0x5a;
        String message = refusal(new RunSnapshotCodec(CONFIG), unknown);
        assertTrue(message.startsWith("run snapshot in format version 1 (schema fingerprint "), message);
        assertTrue(message.contains("matches no released schema (this processor reads format version 1)"), message);
    }

    @Test
    void aNewerFormatVersionIsRefusedNamingFoundAndSupportedVersions() {
        // A future writer: the current schema plus a field, writing format version 2.
        Schema v2 = withExtraField(RunSnapshot.getClassSchema());
        GenericRecord newer = copy(decodeGeneric(valid), v2);
        newer.put("formatVersion", 2);
        newer.put("compression", "none");
        String message = refusal(new RunSnapshotCodec(CONFIG), singleObject(newer));
        assertTrue(message.startsWith("run snapshot in format version 2 (schema fingerprint "), message);
        assertTrue(message.contains("but this processor reads format version 1: it was written by a newer tailwatch"), message);
    }

    @Test
    void anOlderWritersSnapshotIsReadThroughSchemaResolutionAndContinuesExactly() throws Exception {
        // An older writer that lacked a field with a default (the network series, null until the first
        // noise sample): a run that has only seen metrics so far is restored from it, then gets everything.
        List<SnapshotScenario.Input> inputs = SnapshotScenario.inputs(120, 2, 1000);
        List<SnapshotScenario.Input> metricsFirst = new ArrayList<>(inputs.stream().filter(i -> i.metrics() != null).toList());
        metricsFirst.addAll(inputs.stream().filter(i -> i.noise() != null).toList());
        int cut = 100;
        RunAnalyzer original = new RunAnalyzer(SnapshotScenario.RUN, CONFIG);
        CollectingSink expected = new CollectingSink();
        for (int i = 0; i < cut; i++) {
            metricsFirst.get(i).feed(original, expected);
        }
        byte[] current = new RunSnapshotCodec(CONFIG).encode(original, new RunFlags(true, false, 9));
        Schema older = without(RunSnapshot.getClassSchema(), "network");
        byte[] old = singleObject(copy(decodeGeneric(current), older));

        RestoredRun restored = new RunSnapshotCodec(CONFIG, List.of(older)).decode(old);
        assertEquals(new RunFlags(true, false, 9), restored.flags());
        CollectingSink resumed = new CollectingSink();
        int eventsAtCut = expected.events.size();
        assertTrue(expected.alphas.isEmpty(), "only metrics before the cut");
        for (int i = cut; i < metricsFirst.size(); i++) {
            metricsFirst.get(i).feed(original, expected);
            metricsFirst.get(i).feed(restored.analyzer(), resumed);
        }
        assertFalse(resumed.alphas.isEmpty());
        assertEquals(expected.alphas, resumed.alphas);
        assertEquals(expected.layerStats, resumed.layerStats);
        assertEquals(expected.events.subList(eventsAtCut, expected.events.size()), resumed.events);
    }

    @Test
    void truncatedAndForeignBytesAreRefused() {
        String truncated = refusal(new RunSnapshotCodec(CONFIG), Arrays.copyOf(valid, valid.length / 2));
        assertTrue(truncated.startsWith("run snapshot: not a tailwatch run snapshot, or damaged (RunSnapshot: cannot decode "),
                truncated);
        assertTrue(truncated.endsWith("start with a new application id to rebuild the analysis from the input topics"), truncated);
        String foreign = refusal(new RunSnapshotCodec(CONFIG), "{\"not\": \"a snapshot\"}".getBytes());
        assertTrue(foreign.contains("not a tailwatch run snapshot"), foreign);
        assertTrue(refusal(new RunSnapshotCodec(CONFIG), null).contains("no bytes"));
    }

    @Test
    void contentsThatContradictTheirCountsAreRefusedAsDamaged() {
        RunSnapshot record = new AvroSerde<>(RunSnapshot.class).decode(valid);
        record.getNetwork().getWindow().setCount(record.getNetwork().getWindow().getCount() + 1);
        String message = refusal(new RunSnapshotCodec(CONFIG), new AvroSerde<>(RunSnapshot.class).encode(record));
        assertTrue(message.contains("is damaged: network.window.sums: "), message);
    }

    private static String refusal(RunSnapshotCodec codec, byte[] bytes) {
        SnapshotFormatException e = assertThrows(SnapshotFormatException.class, () -> codec.decode(bytes));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    private static GenericRecord decodeGeneric(byte[] bytes) {
        try {
            Schema schema = RunSnapshot.getClassSchema();
            return new GenericDatumReader<GenericRecord>(schema)
                    .read(null, DecoderFactory.get().binaryDecoder(bytes, 10, bytes.length - 10, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The record's fields that the target schema has, recursively by name (GenericData deep copy does not re-shape). */
    private static GenericRecord copy(GenericRecord from, Schema to) {
        GenericRecord out = new GenericData.Record(to);
        for (Schema.Field f : to.getFields()) {
            if (from.getSchema().getField(f.name()) != null) {
                out.put(f.name(), from.get(f.name()));
            }
        }
        return out;
    }

    private static Schema withExtraField(Schema schema) {
        List<Schema.Field> fields = copyFields(schema);
        fields.add(new Schema.Field("compression", Schema.create(Schema.Type.STRING), "Compression of a future format.", "none"));
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }

    private static Schema without(Schema schema, String field) {
        List<Schema.Field> fields = copyFields(schema);
        fields.removeIf(f -> f.name().equals(field));
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }

    private static List<Schema.Field> copyFields(Schema schema) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : schema.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        return fields;
    }

    static byte[] singleObject(GenericRecord record) {
        try {
            ByteBuffer encoded = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), record.getSchema()).encode(record);
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
