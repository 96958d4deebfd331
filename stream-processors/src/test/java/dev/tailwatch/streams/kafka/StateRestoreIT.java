package dev.tailwatch.streams.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tailwatch.broker.SharedTestBroker;
import dev.tailwatch.schema.NetworkPooling;
import dev.tailwatch.schema.NoiseSamples;
import dev.tailwatch.streams.it.TestClients;
import dev.tailwatch.schema.Topics;
import dev.tailwatch.schema.avro.NoiseKind;
import dev.tailwatch.schema.avro.ProbeMode;
import dev.tailwatch.schema.avro.TrainingMetrics;
import dev.tailwatch.streams.analysis.AnalysisConfig;
import dev.tailwatch.streams.analysis.CollectingSink;
import dev.tailwatch.streams.analysis.EventPoint;
import dev.tailwatch.streams.analysis.LayerStatsSettings;
import dev.tailwatch.streams.analysis.MetricsInput;
import dev.tailwatch.streams.analysis.NoiseInput;
import dev.tailwatch.streams.analysis.RunAnalyzer;
import dev.tailwatch.streams.simulate.AlphaPath;
import dev.tailwatch.streams.simulate.SyntheticRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The analysis state survives the processors: one instance analyses the first part of a run and stops, a
 * second one with an empty state directory (so everything it knows comes from the changelog) analyses the
 * rest, and the committed outputs are byte for byte those of one uninterrupted analysis — every α record,
 * every event (a loss jump included) and every layer-statistics window, including the window that was half
 * full when the first instance stopped.
 */
class StateRestoreIT {

    private static final int ITERATIONS = 240;
    private static final int FIRST_PART = 130;
    private static final int LAYERS = 3;
    private static final int VALUES = 400;
    private static final int JUMP_AT = 170;

    private final String bootstrap = SharedTestBroker.bootstrapServers();
    private final String runId = "restore-" + UUID.randomUUID().toString().substring(0, 8);
    private final AnalysisConfig config = new AnalysisConfig(20, 0, 1)
            .withLayerStats(new LayerStatsSettings(10, 256, 3));
    private final SyntheticRun run = new SyntheticRun(AlphaPath.twoPhase(ITERATIONS), LAYERS, VALUES, JUMP_AT, 23);
    // SyntheticRun draws the metrics' noise from one running generator: draw them once, for both sides.
    private final double[] loss = new double[ITERATIONS];
    private final double[] accuracy = new double[ITERATIONS];

    {
        for (int it = 0; it < ITERATIONS; it++) {
            loss[it] = run.loss(it);
            accuracy[it] = run.accuracy(it);
        }
    }

    @Test
    void aSecondInstanceContinuesFromTheChangelogExactlyWhereTheFirstStopped() throws Exception {
        Expected expected = expected();
        assertTrue(expected.events.stream().anyMatch(e -> e.kind() == EventPoint.Kind.LOSS_JUMP),
                "the run has a loss jump after the restart: " + expected.events);
        assertTrue(expected.layerStats.size() > LAYERS * (FIRST_PART / 10), "windows close after the restart");
        String appId = "restore-it-" + runId;
        Map<String, List<byte[]>> live = new HashMap<>();
        TailwatchProcessors.ensureTopics(bootstrap, 3);
        try (KafkaProducer<String, byte[]> producer = TestClients.producer(bootstrap);
             KafkaConsumer<String, byte[]> consumer = TestClients.committedReader(bootstrap)) {
            consumer.subscribe(List.of(Topics.ALPHA.name(), Topics.EVENTS.name(), Topics.LAYER_STATS.name()));
            publish(producer, 0, FIRST_PART);
            try (TailwatchProcessors first = TailwatchProcessors.start(settings(appId), "127.0.0.1", 0, 3)) {
                assertTrue(first.awaitRunning(Duration.ofSeconds(60)));
                readUntil(consumer, live, FIRST_PART * (LAYERS + 1) * 2);
                assertTrue(TestClients.scrape(first.metricsUrl()).contains("run=\"" + runId + "\""), "the run is on the first instance's /metrics");
            }
            publish(producer, FIRST_PART, ITERATIONS);
            long t0 = System.nanoTime();
            try (TailwatchProcessors second = TailwatchProcessors.start(settings(appId), "127.0.0.1", 0, 3)) {
                assertTrue(second.awaitRunning(Duration.ofSeconds(60)));
                long running = System.nanoTime();
                readUntil(consumer, live, ITERATIONS * (LAYERS + 1) * 2);
                System.err.printf("StateRestoreIT: second instance RUNNING after %.1f s, all results after %.1f s%n",
                        (running - t0) / 1e9, (System.nanoTime() - t0) / 1e9);
                // Whatever else is still on its way gets a moment, so an extra record would be seen.
                readFor(consumer, live, Duration.ofSeconds(2));
            }
        }
        assertSameRecords("alpha", expected.alphas, live.get(Topics.ALPHA.name()));
        // Events come from noise and metrics records, which a task interleaves by timestamp only as far as both
        // are fetched: their order on the topic may differ, their content may not.
        assertSameRecords("events", sorted(expected.eventBytes), sorted(live.get(Topics.EVENTS.name())));
        assertSameRecords("layer-stats", expected.layerStatBytes, live.get(Topics.LAYER_STATS.name()));
    }

    private static void assertSameRecords(String topic, List<byte[]> expected, List<byte[]> live) {
        assertFalse(expected.isEmpty(), topic + ": the reference has records");
        List<byte[]> actual = live == null ? List.of() : live;
        assertEquals(expected.size(), actual.size(), topic + ": record count");
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(Arrays.equals(expected.get(i), actual.get(i)), topic + ": record " + i + " differs");
        }
    }

    private static List<byte[]> sorted(List<byte[]> records) {
        return records == null ? null : records.stream().sorted(Arrays::compare).toList();
    }

    private record Expected(List<byte[]> alphas, List<EventPoint> events, List<byte[]> eventBytes,
                            List<Object> layerStats, List<byte[]> layerStatBytes) {
    }

    /** One uninterrupted analysis of the same inputs, in the order one task sees them. */
    private Expected expected() throws Exception {
        CollectingSink sink = new CollectingSink();
        RunAnalyzer analyzer = new RunAnalyzer(runId, config);
        for (long it = 0; it < ITERATIONS; it++) {
            for (int layer = 0; layer < LAYERS; layer++) {
                analyzer.onNoise(new NoiseInput(runId, it, SyntheticRun.layerName(layer), layer, LAYERS, true, run.rows(),
                        run.cols(), run.noise(it, layer), timestamp(it), NetworkPooling.ALL_COLUMNS), sink);
            }
            analyzer.onMetrics(new MetricsInput(runId, it, loss[(int) it], accuracy[(int) it], null, timestamp(it)), sink);
        }
        List<byte[]> alphas = sink.alphas.stream().map(p -> Topics.ALPHA.valueSerde().encode(AvroRecords.alpha(p))).toList();
        List<byte[]> events = sink.events.stream().map(e -> Topics.EVENTS.valueSerde().encode(AvroRecords.event(e))).toList();
        List<byte[]> stats = sink.layerStats.stream()
                .map(s -> Topics.LAYER_STATS.valueSerde().encode(AvroRecords.layerStats(s))).toList();
        return new Expected(alphas, sink.events, events, new ArrayList<>(sink.layerStats), stats);
    }

    private static long timestamp(long iteration) {
        return 1_700_000_000_000L + iteration * 100;
    }

    private void publish(KafkaProducer<String, byte[]> producer, long from, long to) {
        for (long it = from; it < to; it++) {
            for (int layer = 0; layer < LAYERS; layer++) {
                producer.send(new ProducerRecord<>(Topics.NOISE.name(), null, timestamp(it), runId,
                        Topics.NOISE.valueSerde().encode(NoiseSamples.of(runId, it, SyntheticRun.layerName(layer), layer,
                                LAYERS, ProbeMode.EXACT, NoiseKind.TRACKED_COORDINATES, run.rows(), run.cols(),
                                run.noise(it, layer), timestamp(it)))));
            }
            producer.send(new ProducerRecord<>(Topics.METRICS.name(), null, timestamp(it) + 50, runId,
                    Topics.METRICS.valueSerde().encode(TrainingMetrics.newBuilder().setRunId(runId).setIteration(it)
                            .setTimestampMs(timestamp(it)).setLoss(loss[(int) it]).setTrainAccuracy(accuracy[(int) it])
                            .setLearningRate(0.1).setBatchSize(64).build())));
        }
        producer.flush();
    }

    private ProcessorSettings settings(String appId) throws Exception {
        Path state = Files.createTempDirectory("tailwatch-restore-it-");
        return new ProcessorSettings(bootstrap, appId, state, config, ProcessorSettings.DEFAULT_MAX_RECORD_BYTES,
                Duration.ofMinutes(10), Duration.ofMinutes(10), 1);
    }

    private void readUntil(KafkaConsumer<String, byte[]> consumer, Map<String, List<byte[]>> live, int alphas) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (live.getOrDefault(Topics.ALPHA.name(), List.of()).size() < alphas && System.nanoTime() < deadline) {
            poll(consumer, live);
        }
        assertEquals(alphas, live.getOrDefault(Topics.ALPHA.name(), List.of()).size(), "α records committed in time");
    }

    private void readFor(KafkaConsumer<String, byte[]> consumer, Map<String, List<byte[]>> live, Duration time) {
        long deadline = System.nanoTime() + time.toNanos();
        while (System.nanoTime() < deadline) {
            poll(consumer, live);
        }
    }

    private void poll(KafkaConsumer<String, byte[]> consumer, Map<String, List<byte[]>> live) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            if (runId.equals(r.key())) {
                live.computeIfAbsent(r.topic(), t -> new ArrayList<>()).add(r.value());
            }
        }
    }
}
