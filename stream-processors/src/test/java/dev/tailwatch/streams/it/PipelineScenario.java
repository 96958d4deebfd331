package dev.tailwatch.streams.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tailwatch.math.StableSampler;
import dev.tailwatch.schema.NetworkPooling;
import dev.tailwatch.schema.NoiseSamples;
import dev.tailwatch.schema.Topics;
import dev.tailwatch.schema.avro.AlphaEstimate;
import dev.tailwatch.schema.avro.AlphaScope;
import dev.tailwatch.schema.avro.DeadLetter;
import dev.tailwatch.schema.avro.EventType;
import dev.tailwatch.schema.avro.NoiseKind;
import dev.tailwatch.schema.avro.ProbeMode;
import dev.tailwatch.schema.avro.LayerStats;
import dev.tailwatch.schema.avro.TailEvent;
import dev.tailwatch.streams.analysis.AlphaPoint;
import dev.tailwatch.streams.analysis.AnalysisConfig;
import dev.tailwatch.streams.analysis.CollectingSink;
import dev.tailwatch.streams.analysis.LayerStatsSettings;
import dev.tailwatch.streams.analysis.NoiseInput;
import dev.tailwatch.streams.analysis.RunAnalyzer;
import dev.tailwatch.streams.kafka.ProcessorSettings;
import dev.tailwatch.streams.kafka.TailwatchProcessors;
import dev.tailwatch.streams.simulate.AlphaPath;
import dev.tailwatch.streams.simulate.SimulationPublisher;
import dev.tailwatch.streams.simulate.SyntheticRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The live pipeline end to end against whatever broker it is given: a synthetic two-phase run (α falls
 * from 1.85 to 1.25) and some garbage are published as a trainer would, the processors run with
 * exactly-once, and every output topic and /metrics are checked — including that the α values on the
 * topic are exactly what the Kafka-free analyzer computes from the same inputs.
 */
final class PipelineScenario {

    static final int ITERATIONS = 300;
    static final int LAYERS = 3;
    static final int VALUES_PER_LAYER = 2000;
    static final int LAYER_STATS_WINDOW = 10;
    /** Values of one record far larger than a consumer's default fetch size (1 MiB per partition): 3.2 MB. */
    static final int BIG_ROWS = 8;
    static final int BIG_COLS = 100_000;

    private PipelineScenario() {
    }

    static void run(String bootstrap) throws Exception {
        String runId = "it-" + UUID.randomUUID().toString().substring(0, 8);
        String bigRunId = runId + "-big";
        Path state = Files.createTempDirectory("tailwatch-it-state-");
        AnalysisConfig config = new AnalysisConfig(20, 0, 1)
                .withLayerStats(new LayerStatsSettings(LAYER_STATS_WINDOW, 1000, 3));
        ProcessorSettings settings = new ProcessorSettings(bootstrap, "tailwatch-it-" + runId, state, config,
                ProcessorSettings.DEFAULT_MAX_RECORD_BYTES, Duration.ofMinutes(10), Duration.ofMinutes(5), 1);
        SyntheticRun synthetic = new SyntheticRun(AlphaPath.twoPhase(ITERATIONS), LAYERS, VALUES_PER_LAYER, -1, 17);
        try (TailwatchProcessors processors = TailwatchProcessors.start(settings, "127.0.0.1", 0, 3)) {
            assertTrue(processors.awaitRunning(Duration.ofSeconds(60)), "processors did not reach RUNNING");
            try (KafkaProducer<String, byte[]> producer = TestClients.producer(bootstrap)) {
                producer.send(new ProducerRecord<>(Topics.NOISE.name(), runId, "garbage".getBytes(StandardCharsets.UTF_8)));
                producer.send(new ProducerRecord<>(Topics.NOISE.name(), bigRunId, Topics.NOISE.valueSerde().encode(
                        NoiseSamples.of(bigRunId, 0, "big", 0, 1, ProbeMode.EXACT, NoiseKind.TRACKED_COORDINATES, BIG_ROWS,
                                BIG_COLS, new StableSampler(1.5, 1e-3, 5).floats(BIG_ROWS * BIG_COLS), 0))));
                new SimulationPublisher(producer, runId, synthetic).publish(ITERATIONS, 0, () -> false, (i, a, l, c) -> { });
            }
            List<AlphaEstimate> alphas = new ArrayList<>();
            List<TailEvent> events = new ArrayList<>();
            List<LayerStats> layerStats = new ArrayList<>();
            List<DeadLetter> deadLetters = new ArrayList<>();
            List<AlphaEstimate> bigAlphas = new ArrayList<>();
            int expectedAlphas = ITERATIONS * (LAYERS + 1) * 2;
            int expectedLayerStats = LAYERS * (ITERATIONS / LAYER_STATS_WINDOW);
            try (KafkaConsumer<String, byte[]> consumer = TestClients.committedReader(bootstrap)) {
                consumer.subscribe(List.of(Topics.ALPHA.name(), Topics.EVENTS.name(), Topics.LAYER_STATS.name(), Topics.DLQ.name()));
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while ((alphas.size() < expectedAlphas || layerStats.size() < expectedLayerStats || deadLetters.isEmpty()
                        || bigAlphas.isEmpty()) && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        if (bigRunId.equals(r.key()) && r.topic().equals(Topics.ALPHA.name())) {
                            bigAlphas.add(Topics.ALPHA.valueSerde().decode(r.value()));
                        }
                        if (!runId.equals(r.key())) {
                            continue;
                        }
                        if (r.topic().equals(Topics.ALPHA.name())) {
                            alphas.add(Topics.ALPHA.valueSerde().decode(r.value()));
                        } else if (r.topic().equals(Topics.EVENTS.name())) {
                            events.add(Topics.EVENTS.valueSerde().decode(r.value()));
                        } else if (r.topic().equals(Topics.LAYER_STATS.name())) {
                            layerStats.add(Topics.LAYER_STATS.valueSerde().decode(r.value()));
                        } else {
                            deadLetters.add(Topics.DLQ.valueSerde().decode(r.value()));
                        }
                    }
                }
            }
            assertEquals(expectedAlphas, alphas.size(), "α records: per layer and network, iteration and rolling");
            assertEquals(expectedLayerStats, layerStats.size(), "one layer-stats record per layer and window");
            assertEquals(1, deadLetters.size());
            assertEquals("undecodable", deadLetters.get(0).getReason());
            assertEquals(Topics.NOISE.name(), deadLetters.get(0).getSourceTopic());
            // The processors keep the consumer's default fetch sizes: a larger record still comes (whole, alone).
            AlphaEstimate big = bigAlphas.get(0);
            assertTrue(big.getUsed() > BIG_ROWS * BIG_COLS / 2, "the 3.2 MB record was analysed whole: " + big);
            assertEquals(1.5, big.getAlpha(), 0.1, "α of SαS(1.5) noise: " + big);

            assertTrue(events.stream().anyMatch(e -> e.getType() == EventType.ALPHA_DROP && e.getLayer().equals("all")),
                    "the network-wide α drop was detected: " + events);
            assertExactlyTheAnalyzersValues(runId, config, synthetic, alphas);

            LayerStats last = layerStats.get(layerStats.size() - 1);
            assertEquals(VALUES_PER_LAYER / 10, last.getCoordinates());
            assertTrue(last.getSasWinsFraction() > 0.5, "α≈1.3 coordinates mostly reject the Gaussian: " + last);

            String scrape = TestClients.scrape(processors.metricsUrl());
            for (String series : List.of(
                    "tailwatch_alpha{estimator=\"mohammadi\",layer=\"all\",run=\"" + runId + "\",scope=\"rolling\"}",
                    "tailwatch_layer_sas_wins_ratio{layer=\"layer0\",run=\"" + runId + "\"}",
                    "tailwatch_layer_alpha_i{layer=\"layer0\",q=\"0.9\",run=\"" + runId + "\"}",
                    "tailwatch_events_total{layer=\"all\",run=\"" + runId + "\",type=\"alpha_drop\"}",
                    "tailwatch_dead_letters_total{reason=\"undecodable\"}",
                    "tailwatch_iteration{run=\"" + runId + "\"} " + (ITERATIONS - 1),
                    "tailwatch_noise_values_total{run=\"" + runId + "\"} " + (double) ITERATIONS * LAYERS * VALUES_PER_LAYER,
                    "kafka_stream_",
                    "jvm_memory_used_bytes")) {
                assertTrue(scrape.contains(series), "missing on /metrics: " + series);
            }
            assertFalse(scrape.contains("run=\"" + runId + "\",scope=\"rolling\"} NaN"), "no NaN α on /metrics");
            assertEquals("RUNNING", processors.state().name(), "garbage did not stop the processors");
        }
    }

    /** Live results equal the Kafka-free analyzer's on the same inputs, value for value. */
    private static void assertExactlyTheAnalyzersValues(String runId, AnalysisConfig config, SyntheticRun synthetic,
                                                        List<AlphaEstimate> live) throws Exception {
        CollectingSink sink = new CollectingSink();
        List<AlphaPoint> expected = sink.alphas;
        RunAnalyzer analyzer = new RunAnalyzer(runId, config);
        for (long it = 0; it < ITERATIONS; it++) {
            for (int layer = 0; layer < LAYERS; layer++) {
                analyzer.onNoise(new NoiseInput(runId, it, SyntheticRun.layerName(layer), layer, LAYERS, true,
                        synthetic.rows(), synthetic.cols(), synthetic.noise(it, layer), 0, NetworkPooling.ALL_COLUMNS), sink);
            }
        }
        assertEquals(expected.size(), live.size());
        for (int i = 0; i < expected.size(); i++) {
            AlphaPoint e = expected.get(i);
            AlphaEstimate a = live.get(i);
            assertEquals(e.iteration(), a.getIteration(), "record " + i);
            assertEquals(e.layer(), a.getLayer(), "record " + i);
            assertEquals(e.scope() == AlphaPoint.Scope.ITERATION ? AlphaScope.ITERATION : AlphaScope.ROLLING, a.getScope());
            assertEquals(e.alpha(), a.getAlpha(), 0.0, "record " + i + " α");
            assertEquals(e.stderr(), a.getStderr(), 0.0, "record " + i + " stderr");
        }
    }
}
