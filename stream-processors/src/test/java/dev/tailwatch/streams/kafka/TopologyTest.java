package dev.tailwatch.streams.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tailwatch.math.MohammadiEstimator;
import dev.tailwatch.math.StableSampler;
import dev.tailwatch.schema.AvroSerde;
import dev.tailwatch.schema.NoiseSamples;
import dev.tailwatch.schema.Topics;
import dev.tailwatch.schema.avro.AlphaEstimate;
import dev.tailwatch.schema.avro.AlphaScope;
import dev.tailwatch.schema.avro.DeadLetter;
import dev.tailwatch.schema.avro.EventType;
import dev.tailwatch.schema.avro.LayerStats;
import dev.tailwatch.schema.avro.NoiseKind;
import dev.tailwatch.schema.avro.NoiseSample;
import dev.tailwatch.schema.avro.ProbeMode;
import dev.tailwatch.schema.avro.RunInfo;
import dev.tailwatch.schema.avro.RunStatus;
import dev.tailwatch.schema.avro.TailEvent;
import dev.tailwatch.schema.avro.TrainingMetrics;
import dev.tailwatch.streams.analysis.AnalysisConfig;
import dev.tailwatch.streams.analysis.LayerStatsSettings;
import dev.tailwatch.streams.metrics.TailwatchMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every operator and every class of bad input, on Kafka Streams' TopologyTestDriver. */
class TopologyTest {

    @TempDir
    Path stateDir;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> noise;
    private TestInputTopic<String, byte[]> metricsIn;
    private TestInputTopic<String, byte[]> runs;
    private TestOutputTopic<String, AlphaEstimate> alpha;
    private TestOutputTopic<String, TailEvent> events;
    private TestOutputTopic<String, DeadLetter> dlq;
    private TestOutputTopic<String, LayerStats> layerStats;
    private final AvroSerde<NoiseSample> noiseSerde = new AvroSerde<>(NoiseSample.class);

    @BeforeEach
    void start() {
        ProcessorSettings settings = new ProcessorSettings("unused:9092", "topology-test", stateDir,
                new AnalysisConfig(3, 25, 1).withLayerStats(new LayerStatsSettings(4, 1000, 1)), 64 * 1024, Duration.ofMinutes(10), Duration.ofMinutes(2), 1);
        driver = new TopologyTestDriver(TailwatchTopology.build(settings, new TailwatchMetrics(registry)),
                TailwatchProcessors.streamsProperties(settings));
        noise = driver.createInputTopic(Topics.NOISE.name(), new StringSerializer(), new ByteArraySerializer());
        metricsIn = driver.createInputTopic(Topics.METRICS.name(), new StringSerializer(), new ByteArraySerializer());
        runs = driver.createInputTopic(Topics.RUNS.name(), new StringSerializer(), new ByteArraySerializer());
        alpha = driver.createOutputTopic(Topics.ALPHA.name(), new StringDeserializer(), Topics.ALPHA.valueSerde().deserializer());
        events = driver.createOutputTopic(Topics.EVENTS.name(), new StringDeserializer(), Topics.EVENTS.valueSerde().deserializer());
        dlq = driver.createOutputTopic(Topics.DLQ.name(), new StringDeserializer(), Topics.DLQ.valueSerde().deserializer());
        layerStats = driver.createOutputTopic(Topics.LAYER_STATS.name(), new StringDeserializer(),
                Topics.LAYER_STATS.valueSerde().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void publishesPerLayerNetworkAndRollingAlphaWithExactValues() {
        float[][] v = new float[2][];
        for (int layer = 0; layer < 2; layer++) {
            v[layer] = new StableSampler(1.4, 1.0 + layer, layer).floats(500);
            noise.pipeInput("run-a", noiseBytes("run-a", 10, layer, 2, v[layer]));
        }
        List<AlphaEstimate> out = alpha.readValuesToList();
        // Per layer: iteration + rolling (2 × 2); network: iteration + rolling (2).
        assertEquals(6, out.size(), out.toString());
        MohammadiEstimator estimator = new MohammadiEstimator(25);
        AlphaEstimate layer0 = find(out, "layer0", AlphaScope.ITERATION);
        assertEquals(estimator.estimate(v[0]).alpha(), layer0.getAlpha(), 0.0);
        assertEquals(25, layer0.getK1());
        assertEquals(20, layer0.getK2());
        AlphaEstimate network = find(out, "all", AlphaScope.ITERATION);
        assertEquals(estimator.stats(v[0]).plus(estimator.stats(v[1])).alpha(), network.getAlpha(), 1e-12);
        assertEquals(2, network.getLayersMerged());
        assertTrue(registry.scrape().contains("tailwatch_alpha{estimator=\"mohammadi\",layer=\"all\",run=\"run-a\",scope=\"rolling\"}"));
        assertTrue(registry.scrape().contains("tailwatch_noise_values_total{run=\"run-a\"} 1000"));
        // The probe the records name, for dashboards to say which α this is; one series however many records.
        assertEquals(List.of("tailwatch_run_probe_info{probe=\"exact\",run=\"run-a\"} 1"),
                registry.scrape().lines().filter(l -> l.startsWith("tailwatch_run_probe_info{")).toList());
    }

    @Test
    void layerStatisticsCloseEachWindowAndBecomeGauges() {
        StableSampler sampler = new StableSampler(1.1, 1e-3, 9);
        for (int it = 0; it < 8; it++) {
            NoiseSample tracked = NoiseSamples.of("run-s", it, "fc1", 0, 1, ProbeMode.EXACT, NoiseKind.TRACKED_COORDINATES,
                    50, 40, sampler.floats(2000), 1000 + it);
            noise.pipeInput("run-s", noiseSerde.encode(tracked));
        }
        List<LayerStats> out = layerStats.readValuesToList();
        assertEquals(List.of(3L, 7L), out.stream().map(LayerStats::getIteration).toList());
        LayerStats last = out.get(1);
        assertEquals("fc1", last.getLayer());
        assertEquals(4, last.getWindowIterations());
        assertEquals(40, last.getCoordinates());
        assertEquals(8000, last.getValuesUsed());
        assertTrue(last.getSasWinsFraction() >= 0.9, "SaS(1.1) coordinates won " + last.getSasWinsFraction());
        assertTrue(last.getAlphaIP50() > 0.9 && last.getAlphaIP50() < 1.3, "median alpha_i " + last.getAlphaIP50());
        String text = registry.scrape();
        assertTrue(text.contains("tailwatch_layer_alpha_i{layer=\"fc1\",q=\"0.5\",run=\"run-s\"} " + last.getAlphaIP50()), text);
        assertTrue(text.contains("tailwatch_layer_sas_wins_ratio{layer=\"fc1\",run=\"run-s\"} " + last.getSasWinsFraction()), text);
    }

    @Test
    void everyKindOfBadNoiseGoesToTheDeadLetterTopicAndProcessingContinues() {
        float[] good = new StableSampler(1.5, 1.0, 3).floats(200);
        byte[] unknownVersion = noiseBytes("r", 1, 0, 1, good);
        unknownVersion[4] ^= 0x11;
        NoiseSample wrongShape = sample("r", 1, 0, 1, good);
        wrongShape.setRows(3);
        float[] nan = new float[200];
        Arrays.fill(nan, Float.NaN);
        float[] huge = new StableSampler(1.5, 1.0, 4).floats(20_000);

        noise.pipeInput("r", "not avro at all".getBytes(StandardCharsets.UTF_8));
        noise.pipeInput("r", unknownVersion);
        noise.pipeInput("r", noiseSerde.encode(wrongShape));
        noise.pipeInput("r", noiseBytes("r", 1, 0, 1, nan));
        noise.pipeInput("r", noiseBytes("r", -5, 0, 1, good));
        noise.pipeInput("r", noiseBytes("r", 1, 0, 1, huge));
        noise.pipeInput("other-key", noiseBytes("r", 1, 0, 1, good));
        noise.pipeInput("r", noiseBytes("r", 1, 0, 1, new float[] {1, 2, 3, 4, 5, 6}));
        noise.pipeInput("r", noiseBytes("r", 2, 0, 1, good));

        List<DeadLetter> dead = dlq.readValuesToList();
        assertEquals(List.of("undecodable", "unknown_schema_version", "wrong_shape", "no_usable_values",
                        "negative_iteration", "oversized", "key_mismatch", "too_few_values"),
                dead.stream().map(DeadLetter::getReason).toList());
        for (int i = 0; i < dead.size(); i++) {
            DeadLetter d = dead.get(i);
            assertEquals(Topics.NOISE.name(), d.getSourceTopic());
            assertEquals(i, d.getOffset());
            assertFalse(d.getDetail().isBlank());
            assertTrue(d.getValue().remaining() > 0, "the original bytes are kept");
        }
        assertEquals("not avro at all", StandardCharsets.UTF_8.decode(dead.get(0).getValue()).toString());
        // The good record after all of that is still analysed.
        assertEquals(4, alpha.readValuesToList().size());
        assertTrue(registry.scrape().contains("tailwatch_dead_letters_total{reason=\"wrong_shape\"} 1"));
    }

    @Test
    void badMetricsAndRunRecordsAreDeadLettersToo() {
        metricsIn.pipeInput("r", new byte[] {1, 2, 3});
        // A well-formed single-object header with a fingerprint nobody registered.
        runs.pipeInput("r", new byte[] {(byte) 0xC3, 1, 9, 9, 9, 9, 9, 9, 9, 9, 2, 'r'});
        TrainingMetrics m = TrainingMetrics.newBuilder().setRunId("r").setIteration(-1).setTimestampMs(1).setLoss(1).build();
        metricsIn.pipeInput("r", Topics.METRICS.valueSerde().encode(m));
        assertEquals(List.of("undecodable", "unknown_schema_version", "negative_iteration"),
                dlq.readValuesToList().stream().map(DeadLetter::getReason).toList());
    }

    @Test
    void trainingMetricsBecomeGauges() {
        metricsIn.pipeInput("r", Topics.METRICS.valueSerde().encode(TrainingMetrics.newBuilder().setRunId("r")
                .setIteration(77).setTimestampMs(5).setLoss(0.25).setTestAccuracy(0.875).build()));
        String text = registry.scrape();
        assertTrue(text.contains("tailwatch_iteration{run=\"r\"} 77"), text);
        assertTrue(text.contains("tailwatch_training_loss{run=\"r\"} 0.25"), text);
        assertTrue(text.contains("tailwatch_training_accuracy{run=\"r\",split=\"test\"} 0.875"), text);
    }

    @Test
    void aSilentUnfinishedRunIsReportedStalledOnceAndAFinishedOneNever() {
        noise.pipeInput("live", noiseBytes("live", 0, 0, 1, new StableSampler(1.5, 1.0, 1).floats(100)));
        noise.pipeInput("done", noiseBytes("done", 0, 0, 1, new StableSampler(1.5, 1.0, 2).floats(100)));
        runs.pipeInput("done", Topics.RUNS.valueSerde().encode(RunInfo.newBuilder().setRunId("done")
                .setStatus(RunStatus.FINISHED).setStartedAtMs(0).build()));
        driver.advanceWallClockTime(Duration.ofMinutes(3));
        driver.advanceWallClockTime(Duration.ofMinutes(1));
        List<TailEvent> stalls = events.readValuesToList();
        assertEquals(1, stalls.size(), stalls.toString());
        assertEquals("live", stalls.get(0).getRunId());
        assertEquals(EventType.RUN_STALLED, stalls.get(0).getType());
        assertTrue(registry.scrape().contains("tailwatch_events_total{layer=\"\",run=\"live\",type=\"run_stalled\"} 1"));
    }

    @Test
    void idleRunsAreEvictedWithTheirSeriesAndTheirStoredState() {
        noise.pipeInput("old", noiseBytes("old", 0, 0, 1, new StableSampler(1.5, 1.0, 1).floats(100)));
        assertTrue(registry.scrape().contains("run=\"old\""));
        assertEquals(List.of("old"), store().runIds(), "the run's snapshot was written at the commit");
        driver.advanceWallClockTime(Duration.ofMinutes(11));
        assertFalse(registry.scrape().contains("run=\"old\""), registry.scrape());
        assertEquals(List.of(), store().runIds(), "eviction deletes the snapshot too");
        assertEquals(0, store().rawEntries().size());
    }

    @Test
    void everyRunIsSnapshottedOncePerCommitInChunksThatFitAClustersDefaultRecordLimit() {
        // A run with many layers: its snapshot is larger than one chunk, and is stored as several.
        StableSampler sampler = new StableSampler(1.5, 1.0, 3);
        int layers = 60;
        for (int layer = 0; layer < layers; layer++) {
            noise.pipeInput("wide", noiseSerde.encode(NoiseSamples.of("wide", 0, "layer" + layer, layer, layers,
                    ProbeMode.EXACT, NoiseKind.TRACKED_COORDINATES, 20, 500, sampler.floats(10_000), 1000)));
        }
        noise.pipeInput("narrow", noiseBytes("narrow", 0, 0, 1, sampler.floats(100)));
        AnalysisStateStore store = store();
        assertEquals(List.of("narrow", "wide"), store.runIds());
        // TopologyTestDriver commits after every input record: one snapshot per record here.
        assertTrue(registry.scrape().contains("tailwatch_state_snapshots_total " + (double) (layers + 1)), registry.scrape());
        long wideChunks = store.rawEntries().stream().filter(e -> new String(e.key.get(), StandardCharsets.UTF_8)
                .startsWith("wide\0")).count();
        assertTrue(wideChunks > 1, "the wide run's snapshot is split: " + wideChunks + " chunks");
        store.rawEntries().forEach(e -> assertTrue(e.value.length <= AnalysisStateStore.CHUNK_BYTES + 4, "chunk size"));
        // Dropping the live cache (as a revived task does) restores the run from its chunks.
        RunState live = store.get("wide");
        store.clearCache();
        RunState restored = store.get("wide");
        assertTrue(live != restored, "read back from the store, not the cache");
        assertEquals(live.analyzer.k1(), restored.analyzer.k1());
        assertEquals(0, restored.analyzer.lastIteration());
    }

    private AnalysisStateStore store() {
        return (AnalysisStateStore) driver.getStateStore(AnalysisStateStore.NAME);
    }

    private static AlphaEstimate find(List<AlphaEstimate> out, String layer, AlphaScope scope) {
        return out.stream().filter(a -> a.getLayer().equals(layer) && a.getScope() == scope).findFirst().orElseThrow();
    }

    private byte[] noiseBytes(String run, long iteration, int layer, int layerCount, float[] values) {
        return noiseSerde.encode(sample(run, iteration, layer, layerCount, values));
    }

    private static NoiseSample sample(String run, long iteration, int layer, int layerCount, float[] values) {
        return NoiseSamples.of(run, iteration, "layer" + layer, layer, layerCount, ProbeMode.EXACT,
                NoiseKind.TRACKED_COORDINATES, 1, values.length, values, 1000 + iteration);
    }
}
