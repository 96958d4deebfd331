package dev.tailwatch.streams.simulate;

import dev.tailwatch.schema.NoiseSamples;
import dev.tailwatch.schema.Topics;
import dev.tailwatch.schema.avro.LayerInfo;
import dev.tailwatch.schema.avro.NoiseKind;
import dev.tailwatch.schema.avro.ProbeConfig;
import dev.tailwatch.schema.avro.ProbeMode;
import dev.tailwatch.schema.avro.RunInfo;
import dev.tailwatch.schema.avro.RunStatus;
import dev.tailwatch.schema.avro.TrainingMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes a {@link SyntheticRun} as a trainer would: RunInfo at start and end, then per iteration one
 * noise sample per layer and the training metrics (test accuracy every {@link #TEST_EVERY} iterations).
 */
public final class SimulationPublisher {

    /** Iterations between test-accuracy evaluations, as a trainer would space them. */
    static final int TEST_EVERY = 10;

    /** Called after each iteration is handed to the producer. */
    public interface Progress {
        void published(long iteration, double alpha, double loss, double accuracy);
    }

    private final Producer<String, byte[]> producer;
    private final String runId;
    private final SyntheticRun run;

    public SimulationPublisher(Producer<String, byte[]> producer, String runId, SyntheticRun run) {
        this.producer = producer;
        this.runId = runId;
        this.run = run;
    }

    /**
     * Publishes iterations [0, iterations) at up to {@code iterationsPerSecond} (0 = as fast as possible),
     * stopping early when {@code stop} says so. Returns the number of iterations published.
     */
    public long publish(long iterations, double iterationsPerSecond, BooleanSupplier stop, Progress progress)
            throws InterruptedException {
        long started = System.currentTimeMillis();
        send(Topics.RUNS.name(), Topics.RUNS.valueSerde().encode(runInfo(RunStatus.STARTED, started, null)));
        long published = 0;
        long startNanos = System.nanoTime();
        for (long it = 0; it < iterations && !stop.getAsBoolean(); it++) {
            long now = System.currentTimeMillis();
            for (int layer = 0; layer < run.layers(); layer++) {
                send(Topics.NOISE.name(), Topics.NOISE.valueSerde().encode(NoiseSamples.of(runId, it,
                        SyntheticRun.layerName(layer), layer, run.layers(), ProbeMode.EXACT, NoiseKind.TRACKED_COORDINATES,
                        run.rows(), run.cols(), run.noise(it, layer), now)));
            }
            double loss = run.loss(it);
            double accuracy = run.accuracy(it);
            TrainingMetrics.Builder metrics = TrainingMetrics.newBuilder().setRunId(runId).setIteration(it)
                    .setTimestampMs(now).setLoss(loss).setTrainAccuracy(accuracy).setLearningRate(0.1).setBatchSize(128);
            if (it % TEST_EVERY == 0) {
                metrics.setTestAccuracy(accuracy);
            }
            send(Topics.METRICS.name(), Topics.METRICS.valueSerde().encode(metrics.build()));
            published = it + 1;
            progress.published(it, run.alphaAt(it), loss, accuracy);
            if (iterationsPerSecond > 0) {
                long dueNanos = startNanos + (long) (published * 1e9 / iterationsPerSecond);
                long waitMs = (dueNanos - System.nanoTime()) / 1_000_000;
                if (waitMs > 0) {
                    Thread.sleep(waitMs);
                }
            }
        }
        RunStatus end = published == iterations ? RunStatus.FINISHED : RunStatus.FAILED;
        RunInfo last = runInfo(end, started, System.currentTimeMillis());
        if (end == RunStatus.FAILED) {
            last.setFailure("stopped after " + published + " of " + iterations + " iterations");
        }
        send(Topics.RUNS.name(), Topics.RUNS.valueSerde().encode(last));
        producer.flush();
        return published;
    }

    private void send(String topic, byte[] value) {
        producer.send(new ProducerRecord<>(topic, runId, value));
    }

    private RunInfo runInfo(RunStatus status, long startedMs, Long endedMs) {
        List<LayerInfo> layers = new ArrayList<>();
        List<Integer> tracked = IntStream.range(0, run.cols()).boxed().toList();
        for (int layer = 0; layer < run.layers(); layer++) {
            layers.add(LayerInfo.newBuilder().setIndex(layer).setName(SyntheticRun.layerName(layer))
                    .setParameterCount(run.cols()).setShape(List.of(run.cols())).setTrackedCoordinates(tracked).build());
        }
        return RunInfo.newBuilder()
                .setRunId(runId)
                .setStatus(status)
                .setStartedAtMs(startedMs)
                .setEndedAtMs(endedMs)
                .setModel("synthetic: SαS noise with a prescribed α path")
                .setDataset("none")
                .setLayers(layers)
                .setProbe(ProbeConfig.newBuilder().setMode(ProbeMode.EXACT).setEveryIterations(1)
                        .setProbeBatches(run.rows()).setCoordinatesPerLayer(run.cols())
                        .setDescription("simulated: every iteration, " + run.rows() + " rows of " + run.cols()
                                + " SαS values per layer with α from the prescribed path (no network, no probe)").build())
                .setHyperparameters(Map.of())
                .setSource("simulate")
                .build();
    }
}
