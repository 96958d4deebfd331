package dev.tailwatch.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tailwatch.schema.avro.AlphaEstimate;
import dev.tailwatch.schema.avro.AlphaScope;
import dev.tailwatch.schema.avro.DeadLetter;
import dev.tailwatch.schema.avro.EventType;
import dev.tailwatch.schema.avro.LayerInfo;
import dev.tailwatch.schema.avro.LayerStats;
import dev.tailwatch.schema.avro.NoiseKind;
import dev.tailwatch.schema.avro.NoiseSample;
import dev.tailwatch.schema.avro.ProbeConfig;
import dev.tailwatch.schema.avro.ProbeMode;
import dev.tailwatch.schema.avro.RunInfo;
import dev.tailwatch.schema.avro.RunStatus;
import dev.tailwatch.schema.avro.TailEvent;
import dev.tailwatch.schema.avro.TrainingMetrics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

    @Test
    void everyRecordTypeRoundTrips() {
        List<SpecificRecord> records = List.of(
                RunInfo.newBuilder().setRunId("r1").setStatus(RunStatus.RUNNING).setStartedAtMs(1L)
                        .setLayers(List.of(LayerInfo.newBuilder().setIndex(0).setName("fc1").setParameterCount(100)
                                .setShape(List.of(10, 10)).setTrackedCoordinates(List.of(3, 7)).build()))
                        .setProbe(ProbeConfig.newBuilder().setMode(ProbeMode.ONLINE).build())
                        .setHyperparameters(Map.of("lr", "0.1")).build(),
                NoiseSamples.of("r1", 5, "fc1", 0, 2, ProbeMode.EXACT, NoiseKind.WHOLE_LAYER_SAMPLE, 2, 2,
                        new float[] {1, 2, 3, 4}, 7L),
                TrainingMetrics.newBuilder().setRunId("r1").setIteration(5).setTimestampMs(1).setLoss(0.5)
                        .setTestAccuracy(0.9).build(),
                AlphaEstimate.newBuilder().setRunId("r1").setIteration(5).setLayer("all").setScope(AlphaScope.ROLLING)
                        .setEstimator("mohammadi").setAlpha(1.3).setStderr(0.01).setK1(10).setK2(20).setUsed(200)
                        .setDropped(1).setWindowIterations(50).setTimestampMs(1).build(),
                TailEvent.newBuilder().setRunId("r1").setIteration(5).setLayer("all").setType(EventType.ALPHA_DROP)
                        .setBefore(1.8).setAfter(1.3).setMagnitude(-0.5).setDetector("cusum")
                        .setParameters(Map.of("h", 10.0)).setTimestampMs(1).build(),
                LayerStats.newBuilder().setRunId("r1").setIteration(5).setLayer("fc1").setWindowIterations(20)
                        .setAlpha(1.4).setAlphaStderr(0.02).setSasWinsFraction(0.8).setTimestampMs(1).build(),
                DeadLetter.newBuilder().setSourceTopic("tailwatch.noise").setPartition(0).setOffset(42)
                        .setValue(ByteBuffer.wrap(new byte[] {1, 2})).setReason("undecodable").setTimestampMs(1).build());
        for (SpecificRecord record : records) {
            @SuppressWarnings("unchecked")
            AvroSerde<SpecificRecord> serde = new AvroSerde<>((Class<SpecificRecord>) record.getClass());
            byte[] bytes = serde.serializer().serialize("t", record);
            assertEquals(record, serde.deserializer().deserialize("t", bytes), record.getClass().getSimpleName());
        }
    }

    @Test
    void nullIsATombstoneBothWays() {
        AvroSerde<RunInfo> serde = new AvroSerde<>(RunInfo.class);
        assertNull(serde.encode(null));
        assertNull(serde.decode(null));
    }

    @Test
    void garbageIsUndecodableNotAnUnknownVersion() {
        AvroSerde<NoiseSample> serde = new AvroSerde<>(NoiseSample.class);
        UndecodableRecordException garbage = assertThrows(UndecodableRecordException.class,
                () -> serde.decode("definitely not avro".getBytes(StandardCharsets.UTF_8)));
        assertFalse(garbage instanceof UnknownSchemaVersionException);
        assertThrows(UndecodableRecordException.class, () -> serde.decode(new byte[0]));
        byte[] truncated = serde.encode(NoiseSamples.of("r", 1, "l", 0, 1, ProbeMode.EXACT,
                NoiseKind.TRACKED_COORDINATES, 1, 4, new float[4], 1L));
        UndecodableRecordException cut = assertThrows(UndecodableRecordException.class,
                () -> serde.decode(Arrays.copyOf(truncated, truncated.length - 5)));
        assertFalse(cut instanceof UnknownSchemaVersionException);
    }

    @Test
    void aForeignFingerprintIsAnUnknownVersion() {
        AvroSerde<NoiseSample> serde = new AvroSerde<>(NoiseSample.class);
        byte[] bytes = serde.encode(NoiseSamples.of("r", 1, "l", 0, 1, ProbeMode.EXACT,
                NoiseKind.TRACKED_COORDINATES, 1, 1, new float[] {1f}, 1L));
        bytes[5] ^= 0x5A;   // inside the 8-byte fingerprint that follows the 2-byte marker
        UndecodableRecordException e = assertThrows(UndecodableRecordException.class, () -> serde.decode(bytes));
        assertTrue(e instanceof UnknownSchemaVersionException, e.toString());
    }
}
