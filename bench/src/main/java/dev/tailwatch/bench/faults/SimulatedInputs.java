package dev.tailwatch.bench.faults;

import dev.tailwatch.schema.NoiseSamples;
import dev.tailwatch.schema.Topics;
import dev.tailwatch.schema.avro.LayerInfo;
import dev.tailwatch.schema.avro.NoiseKind;
import dev.tailwatch.schema.avro.ProbeConfig;
import dev.tailwatch.schema.avro.ProbeMode;
import dev.tailwatch.schema.avro.RunInfo;
import dev.tailwatch.schema.avro.RunStatus;
import dev.tailwatch.schema.avro.TrainingMetrics;
import dev.tailwatch.streams.simulate.AlphaPath;
import dev.tailwatch.streams.simulate.SyntheticRun;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.common.utils.Utils;

/**
 * The simulated training runs every scenario publishes, generated once: runs on distinct partitions,
 * each a two-phase α path with an accuracy jump, interleaved iteration by iteration as concurrent trainers
 * would publish them. Record timestamps (and the timestamps inside the records) come from the iteration and
 * one base instant, never from the clock at publishing, so the outputs of two scenarios compare field for field.
 */
final class SimulatedInputs {

    /** Milliseconds between two iterations of a run in the record timestamps. */
    static final long ITERATION_MS = 100;
    /** As a trainer spaces its test-accuracy evaluations. */
    static final int TEST_EVERY = 10;

    private SimulatedInputs() {
    }

    /** Run ids whose records land on partitions 0, 1, … of an input topic with {@code partitions} partitions. */
    static List<String> runIds(int runs, int partitions) {
        Map<Integer, String> byPartition = new HashMap<>();
        for (int candidate = 0; byPartition.size() < Math.min(runs, partitions); candidate++) {
            String id = "fault-run-" + candidate;
            byPartition.putIfAbsent(partitionOf(id, partitions), id);
        }
        List<String> ids = new ArrayList<>(IntStream.range(0, Math.min(runs, partitions)).mapToObj(byPartition::get).toList());
        for (int extra = 0; ids.size() < runs; extra++) {
            ids.add("fault-run-extra-" + extra);
        }
        return ids;
    }

    /** The partition Kafka's default partitioner picks for a string key. */
    static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /**
     * Every input record in publishing order; the same config and base instant always give the same bytes.
     *
     * @param baseMs the timestamp of iteration 0. The harness takes it once per invocation, not a constant for
     *               all time: the broker judges record timestamps against its clock (an idempotent producer's state
     *               expires a day after its last record's timestamp, and then every later batch is refused as out of
     *               sequence; segments roll and expire by them), so they must be recent.
     */
    static List<InputRecord> generate(HarnessConfig config, int partitions, long baseMs) {
        List<String> ids = runIds(config.runs(), partitions);
        List<SyntheticRun> runs = new ArrayList<>();
        for (int r = 0; r < ids.size(); r++) {
            runs.add(new SyntheticRun(AlphaPath.twoPhase(config.iterations()), config.layers(), config.valuesPerLayer(),
                    Math.round(config.iterations() * HarnessConfig.JUMP_AT), 1_000 + r));
        }
        List<InputRecord> records = new ArrayList<>();
        for (int r = 0; r < ids.size(); r++) {
            records.add(runInfo(ids.get(r), runs.get(r), RunStatus.STARTED, partitions, config.iterations(), baseMs));
        }
        for (int it = 0; it < config.iterations(); it++) {
            long timestamp = baseMs + it * ITERATION_MS;
            for (int r = 0; r < ids.size(); r++) {
                String id = ids.get(r);
                SyntheticRun run = runs.get(r);
                int partition = partitionOf(id, partitions);
                for (int layer = 0; layer < run.layers(); layer++) {
                    byte[] value = Topics.NOISE.valueSerde().encode(NoiseSamples.of(id, it, SyntheticRun.layerName(layer), layer,
                            run.layers(), ProbeMode.EXACT, NoiseKind.TRACKED_COORDINATES, run.rows(), run.cols(),
                            run.noise(it, layer), timestamp));
                    records.add(new InputRecord(Topics.NOISE.name(), partition, id, value, timestamp));
                }
                double loss = run.loss(it);
                double accuracy = run.accuracy(it);
                TrainingMetrics.Builder metrics = TrainingMetrics.newBuilder().setRunId(id).setIteration(it)
                        .setTimestampMs(timestamp).setLoss(loss).setTrainAccuracy(accuracy).setLearningRate(0.1).setBatchSize(128);
                if (it % TEST_EVERY == 0) {
                    metrics.setTestAccuracy(accuracy);
                }
                records.add(new InputRecord(Topics.METRICS.name(), partition, id,
                        Topics.METRICS.valueSerde().encode(metrics.build()), timestamp));
            }
        }
        for (int r = 0; r < ids.size(); r++) {
            records.add(runInfo(ids.get(r), runs.get(r), RunStatus.FINISHED, partitions, config.iterations(), baseMs));
        }
        return List.copyOf(records);
    }

    private static InputRecord runInfo(String id, SyntheticRun run, RunStatus status, int partitions, int iterations,
                                       long baseMs) {
        long started = baseMs;
        Long ended = status == RunStatus.FINISHED ? baseMs + iterations * ITERATION_MS : null;
        List<LayerInfo> layers = new ArrayList<>();
        List<Integer> tracked = IntStream.range(0, run.cols()).boxed().toList();
        for (int layer = 0; layer < run.layers(); layer++) {
            layers.add(LayerInfo.newBuilder().setIndex(layer).setName(SyntheticRun.layerName(layer))
                    .setParameterCount(run.cols()).setShape(List.of(run.cols())).setTrackedCoordinates(tracked).build());
        }
        RunInfo info = RunInfo.newBuilder()
                .setRunId(id)
                .setStatus(status)
                .setStartedAtMs(started)
                .setEndedAtMs(ended)
                .setModel("synthetic: SαS noise with a two-phase α path (fault harness)")
                .setDataset("none")
                .setLayers(layers)
                .setProbe(ProbeConfig.newBuilder().setMode(ProbeMode.EXACT).setEveryIterations(1)
                        .setProbeBatches(run.rows()).setCoordinatesPerLayer(run.cols()).build())
                .setHyperparameters(Map.of())
                .setSource("simulate")
                .build();
        return new InputRecord(Topics.RUNS.name(), partitionOf(id, partitions), id, Topics.RUNS.valueSerde().encode(info),
                ended == null ? started : ended);
    }
}
