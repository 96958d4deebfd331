package dev.tailwatch.schema;

import dev.tailwatch.schema.avro.AlphaEstimate;
import dev.tailwatch.schema.avro.AlphaScope;
import dev.tailwatch.schema.avro.DeadLetter;
import dev.tailwatch.schema.avro.EventType;
import dev.tailwatch.schema.avro.LayerInfo;
import dev.tailwatch.schema.avro.LayerStats;
import dev.tailwatch.schema.avro.NoiseKind;
import dev.tailwatch.schema.avro.ProbeConfig;
import dev.tailwatch.schema.avro.ProbeMode;
import dev.tailwatch.schema.avro.RunInfo;
import dev.tailwatch.schema.avro.RunStatus;
import dev.tailwatch.schema.avro.TailEvent;
import dev.tailwatch.schema.avro.TrainingMetrics;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * One record of every topic with every field away from its default, so a round trip that lost or
 * defaulted a field would show.
 */
final class SampleRecords {

    private SampleRecords() {
    }

    static List<SpecificRecord> all() {
        return List.of(runInfo(), noise(), metrics(), alpha(), event(), layerStats(), deadLetter());
    }

    static RunInfo runInfo() {
        return RunInfo.newBuilder().setRunId("r1").setStatus(RunStatus.FAILED).setStartedAtMs(1_000L)
                .setEndedAtMs(2_000L).setModel("fcn depth=3 width=256").setDataset("fashion-mnist")
                .setLayers(List.of(
                        LayerInfo.newBuilder().setIndex(0).setName("fc1").setParameterCount(200_960)
                                .setShape(List.of(784, 256)).setTrackedCoordinates(List.of(3, 7, 1_000)).setNetworkColumns(3).build(),
                        LayerInfo.newBuilder().setIndex(1).setName("out").setParameterCount(2_570)
                                .setShape(List.of(256, 10)).setTrackedCoordinates(List.of(0)).setNetworkColumns(1).build()))
                .setProbe(ProbeConfig.newBuilder().setMode(ProbeMode.ONLINE).setEveryIterations(10)
                        .setProbeBatches(64).setProbeBatchSize(128).setCoordinatesPerLayer(256)
                        .setWholeLayerCap(100_000).setSeed(42L).build())
                .setHyperparameters(Map.of("lr", "0.1", "schedule", "cosine"))
                .setFailure("out of memory").setSource("trainer").build();
    }

    static dev.tailwatch.schema.avro.NoiseSample noise() {
        return NoiseValues.sample(new float[][] {{1f, -0f, Float.NaN}, {Float.MIN_VALUE, 5f, -6.5f}})
                .setRunId("r1").setIteration(5L).setLayer("fc1").setLayerIndex(0).setLayerCount(2)
                .setMode(ProbeMode.ONLINE).setKind(NoiseKind.WHOLE_LAYER_SAMPLE).setTimestampMs(7L).setNetworkColumns(2).build();
    }

    static TrainingMetrics metrics() {
        return TrainingMetrics.newBuilder().setRunId("r1").setIteration(5L).setEpoch(2).setTimestampMs(9L)
                .setLoss(0.5).setTrainAccuracy(0.91).setTestAccuracy(0.88).setLearningRate(0.05).setBatchSize(128)
                .setGradientNorm(3.25).setStepSeconds(0.012).build();
    }

    static AlphaEstimate alpha() {
        return AlphaEstimate.newBuilder().setRunId("r1").setIteration(5L).setLayer("all").setScope(AlphaScope.ROLLING)
                .setEstimator("mohammadi").setAlpha(1.3).setStderr(0.01).setK1(10).setK2(20L).setUsed(200L)
                .setDropped(1L).setWindowIterations(50).setLayersMerged(3).setTimestampMs(11L).build();
    }

    static TailEvent event() {
        return TailEvent.newBuilder().setRunId("r1").setIteration(5L).setLayer("all").setType(EventType.ALPHA_DROP)
                .setBefore(1.8).setAfter(1.3).setMagnitude(-0.5).setDetector("cusum")
                .setParameters(Map.of("h", 10.0, "k", 0.5)).setMessage("α fell from 1.8 to 1.3")
                .setTimestampMs(13L).build();
    }

    static LayerStats layerStats() {
        return LayerStats.newBuilder().setRunId("r1").setIteration(5L).setLayer("fc1").setWindowIterations(20)
                .setAlpha(1.4).setAlphaStderr(0.02).setMccullochAlpha(1.38).setHillAlpha(1.1).setKurtosis(40.0)
                .setAlphaIP10(1.1).setAlphaIP50(1.4).setAlphaIP90(1.8).setSasWinsFraction(0.8).setCoordinates(256)
                .setValuesUsed(5_120L).setTimestampMs(15L).build();
    }

    static DeadLetter deadLetter() {
        return DeadLetter.newBuilder().setSourceTopic("tailwatch.noise").setPartition(3).setOffset(42L)
                .setKey(ByteBuffer.wrap(new byte[] {'r', '1'})).setValue(ByteBuffer.wrap(new byte[] {1, 2}))
                .setReason("undecodable").setDetail("not an Avro single-object record")
                .setExceptionClass(UndecodableRecordException.class.getName()).setTimestampMs(17L).build();
    }
}
