package dev.tailwatch.trainer.publish;

import dev.tailwatch.schema.NoiseSamples;
import dev.tailwatch.schema.Topics;
import dev.tailwatch.schema.avro.NoiseKind;
import dev.tailwatch.schema.avro.NoiseSample;
import dev.tailwatch.schema.avro.ProbeMode;
import dev.tailwatch.schema.avro.RunInfo;
import dev.tailwatch.schema.avro.TrainingMetrics;
import dev.tailwatch.trainer.probe.NoiseSink;
import dev.tailwatch.trainer.probe.ProbedNoise;
import java.util.List;

/** Encodes one run's records for the catalogue's topics and hands them to the publisher, keyed by runId. */
public class RunPublisher implements NoiseSink {

    private final RecordPublisher publisher;
    private final String runId;
    private final ProbeMode mode;

    public RunPublisher(RecordPublisher publisher, String runId, ProbeMode mode) {
        this.publisher = publisher;
        this.runId = runId;
        this.mode = mode;
    }

    public void runInfo(RunInfo info) {
        publisher.offer(new OutgoingRecord(Topics.RUNS.name(), runId, Topics.RUNS.valueSerde().encode(info)));
    }

    public void metrics(TrainingMetrics metrics) {
        publisher.offer(new OutgoingRecord(Topics.METRICS.name(), runId, Topics.METRICS.valueSerde().encode(metrics)));
    }

    @Override
    public void noise(long iteration, List<ProbedNoise> layers) {
        long now = System.currentTimeMillis();
        for (ProbedNoise n : layers) {
            byte[] bytes = Topics.NOISE.valueSerde().encode(sample(iteration, n, now));
            publisher.offer(new OutgoingRecord(Topics.NOISE.name(), runId, bytes));
        }
    }

    /** The record a probed sample is published as. */
    public NoiseSample sample(long iteration, ProbedNoise n, long timestampMs) {
        return NoiseSamples.of(runId, iteration, n.layer(), n.layerIndex(), n.layerCount(), mode,
                n.tracked() ? NoiseKind.TRACKED_COORDINATES : NoiseKind.WHOLE_LAYER_SAMPLE, n.rows(), n.cols(), n.values(),
                timestampMs, n.networkColumns());
    }
}
