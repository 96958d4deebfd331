package dev.tailwatch.streams.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tailwatch.broker.EmbeddedKafkaBroker;
import dev.tailwatch.schema.AvroSerde;
import dev.tailwatch.schema.NoiseSamples;
import dev.tailwatch.schema.Topics;
import dev.tailwatch.streams.it.TestClients;
import dev.tailwatch.schema.avro.EventType;
import dev.tailwatch.schema.avro.NoiseKind;
import dev.tailwatch.schema.avro.ProbeMode;
import dev.tailwatch.schema.avro.TailEvent;
import dev.tailwatch.schema.avro.TrainingMetrics;
import dev.tailwatch.streams.analysis.AnalysisConfig;
import dev.tailwatch.streams.analysis.CollectingSink;
import dev.tailwatch.streams.analysis.LayerStatsSettings;
import dev.tailwatch.streams.analysis.RunAnalyzer;
import dev.tailwatch.streams.metrics.TailwatchMetrics;
import dev.tailwatch.streams.simulate.AlphaPath;
import dev.tailwatch.streams.simulate.SyntheticRun;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real topology with the real {@link TailwatchProcessors#streamsProperties} on a real broker, through an
 * aborted transaction: while the stream thread has a transaction open on a backlog, a producer with its
 * transactional id fences it, which aborts that transaction; Kafka Streams recovers in the same JVM and
 * processes the aborted input again. The committed α, layer-statistics and event records must then be
 * exactly those of the Kafka-free analyzer on the same inputs — each once, with the same values — which
 * holds only if the analysis state the aborted transaction had changed is rolled back with it.
 */
class AbortedTransactionIT {

    private static final int ITERATIONS = 800;
    private static final int LAYERS = 3;
    private static final int VALUES_PER_LAYER = 2000;
    private static final int LAYER_STATS_WINDOW = 10;
    /** Iterations processed and committed before the transaction that is aborted. */
    private static final int FIRST_PART = 200;
    private static final String RUN = "eos-run";
    private static final long PACE_MS = 10;
    private static final Pattern THREAD_PRODUCER = Pattern.compile("(.+)-StreamThread-(\\d+)-producer");

    private static EmbeddedKafkaBroker broker;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startBroker() {
        // A broker of its own: the catalogue's fixed topic names, one partition each, nothing else writing to them.
        broker = EmbeddedKafkaBroker.builder().build().start();
        broker.createTopics(Topics.newTopics(1, (short) 1));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void anAbortedTransactionLeavesTheCommittedOutputsExactlyAsWithoutIt() throws Exception {
        String bootstrap = broker.bootstrapServers();
        AnalysisConfig config = new AnalysisConfig(20, 0, 1).withLayerStats(new LayerStatsSettings(LAYER_STATS_WINDOW, 500, 3));
        ProcessorSettings settings = new ProcessorSettings(bootstrap, "eos-abort-test", stateDir, config,
                ProcessorSettings.DEFAULT_MAX_RECORD_BYTES, Duration.ofMinutes(10), Duration.ofMinutes(10), 1);
        List<ProducerRecord<String, byte[]>> inputs = inputs(System.currentTimeMillis());
        Expected expected = expected(config, inputs);
        assertEquals(ITERATIONS * (LAYERS + 1) * 2, expected.alpha.size());
        assertEquals(LAYERS * (ITERATIONS / LAYER_STATS_WINDOW), expected.layerStats.size());
        assertFalse(expected.events.isEmpty());

        TailwatchMetrics metrics = new TailwatchMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        Properties props = TailwatchProcessors.streamsProperties(settings);
        // A fence lands between the check for an open transaction and the coordinator's epoch bump (a new
        // producer's round trips): at the real 100 ms commit interval the transaction often committed first and the
        // fence only hit the next, still empty one. Two seconds keep a transaction with α records open for it.
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 2_000);
        try (KafkaStreams streams = new KafkaStreams(TailwatchTopology.build(settings, metrics), props);
             KafkaProducer<String, byte[]> producer = TestClients.producer(bootstrap)) {
            streams.setUncaughtExceptionHandler(e -> StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD);
            streams.start();
            int firstPart = FIRST_PART * (LAYERS + 1);
            inputs.subList(0, firstPart).forEach(producer::send);
            producer.flush();
            awaitCommittedInput(bootstrap, settings.applicationId(), firstPart);

            // The rest at a trainer's pace, so that transactions keep opening while the fence is tried.
            Thread publisher = new Thread(() -> publishPaced(producer, inputs.subList(firstPart, inputs.size())), "eos-test-publisher");
            publisher.start();
            long aborted = abortAnOpenTransaction(bootstrap, streams);
            publisher.join();
            assertTrue(aborted > 0, "no transaction with α records was aborted");
            // The aborted transaction was not the end: the processors went on in this JVM.

            awaitCommittedInput(bootstrap, settings.applicationId(), inputs.size());
            Map<String, List<SpecificRecord>> committed = readCommitted(bootstrap);
            assertSameRecords("α", expected.alpha, committed.get(Topics.ALPHA.name()));
            assertSameRecords("layer-stats", expected.layerStats, committed.get(Topics.LAYER_STATS.name()));
            assertSameRecords("event", expected.events, committed.get(Topics.EVENTS.name()));
            streams.close(Duration.ofSeconds(30));
        }
    }

    /** A run's noise and metrics records in publishing order, with fixed timestamps from {@code baseMs}. */
    private static List<ProducerRecord<String, byte[]>> inputs(long baseMs) {
        SyntheticRun run = new SyntheticRun(AlphaPath.twoPhase(ITERATIONS), LAYERS, VALUES_PER_LAYER, ITERATIONS / 2, 11);
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int it = 0; it < ITERATIONS; it++) {
            long timestamp = baseMs + it;
            for (int layer = 0; layer < LAYERS; layer++) {
                byte[] value = Topics.NOISE.valueSerde().encode(NoiseSamples.of(RUN, it, SyntheticRun.layerName(layer), layer,
                        LAYERS, ProbeMode.EXACT, NoiseKind.TRACKED_COORDINATES, run.rows(), run.cols(), run.noise(it, layer), timestamp));
                records.add(new ProducerRecord<>(Topics.NOISE.name(), 0, timestamp, RUN, value));
            }
            double accuracy = run.accuracy(it);
            TrainingMetrics m = TrainingMetrics.newBuilder().setRunId(RUN).setIteration(it).setTimestampMs(timestamp)
                    .setLoss(run.loss(it)).setTrainAccuracy(accuracy).setTestAccuracy(it % 10 == 0 ? accuracy : null)
                    .setLearningRate(0.1).setBatchSize(128).build();
            records.add(new ProducerRecord<>(Topics.METRICS.name(), 0, timestamp, RUN, Topics.METRICS.valueSerde().encode(m)));
        }
        return records;
    }

    /** One iteration (its noise samples and metrics) every {@value #PACE_MS} ms. */
    private static void publishPaced(KafkaProducer<String, byte[]> producer, List<ProducerRecord<String, byte[]>> records) {
        try {
            for (int i = 0; i < records.size(); i++) {
                producer.send(records.get(i));
                if (i % (LAYERS + 1) == LAYERS) {
                    Thread.sleep(PACE_MS);
                }
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Expected(List<SpecificRecord> alpha, List<SpecificRecord> layerStats, List<SpecificRecord> events) {
    }

    /** The Kafka-free analyzer on the same bytes, decoded as the processors decode them, as topic records. */
    private static Expected expected(AnalysisConfig config, List<ProducerRecord<String, byte[]>> inputs) throws Exception {
        InputDecoder decoder = new InputDecoder(ProcessorSettings.DEFAULT_MAX_RECORD_BYTES);
        RunAnalyzer analyzer = new RunAnalyzer(RUN, config);
        CollectingSink sink = new CollectingSink();
        for (ProducerRecord<String, byte[]> r : inputs) {
            if (r.topic().equals(Topics.NOISE.name())) {
                analyzer.onNoise(decoder.noise(r.key(), r.value()), sink);
            } else {
                analyzer.onMetrics(InputDecoder.metricsInput(decoder.metricsRecord(r.key(), r.value())), sink);
            }
        }
        // Through the topic serdes and back, so that expected and committed records hold the same Java types.
        return new Expected(
                sorted(sink.alphas.stream().map(p -> roundTrip(Topics.ALPHA.valueSerde(), AvroRecords.alpha(p))).toList()),
                sorted(sink.layerStats.stream().map(p -> roundTrip(Topics.LAYER_STATS.valueSerde(), AvroRecords.layerStats(p))).toList()),
                sorted(sink.events.stream().map(p -> roundTrip(Topics.EVENTS.valueSerde(), AvroRecords.event(p))).toList()));
    }

    private static <V extends SpecificRecord> SpecificRecord roundTrip(AvroSerde<V> serde, V record) {
        return serde.decode(serde.encode(record));
    }

    /**
     * Waits for a moment when the stream thread has α records in an open transaction (the log end is past the
     * last stable offset), then fences its producer with a producer of the same transactional id, which makes
     * the coordinator abort that transaction. Tries again if the transaction happened to commit first. Returns
     * the α records aborted (in the log below the last stable offset, but never committed).
     */
    private static long abortAnOpenTransaction(String bootstrap, KafkaStreams streams) throws Exception {
        TopicPartition alpha = new TopicPartition(Topics.ALPHA.name(), 0);
        try (KafkaConsumer<String, byte[]> committed = consumer(bootstrap, "read_committed");
             KafkaConsumer<String, byte[]> uncommitted = consumer(bootstrap, "read_uncommitted")) {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline) {
                long stable = committed.endOffsets(List.of(alpha)).get(alpha);
                long end = uncommitted.endOffsets(List.of(alpha)).get(alpha);
                if (end > stable) {
                    fence(bootstrap, transactionalId(streams));
                    // The coordinator writes the abort marker after the fence returns; then the last stable offset passes it.
                    long aborted = 0;
                    long settle = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                    while (aborted == 0 && System.nanoTime() < settle) {
                        Thread.sleep(100);
                        long bound = committed.endOffsets(List.of(alpha)).get(alpha);
                        aborted = offsets(uncommitted, alpha, bound).size() - offsets(committed, alpha, bound).size();
                    }
                    if (aborted > 0) {
                        return aborted;
                    }
                }
                Thread.sleep(5);
            }
        }
        return 0;
    }

    /** EOS v2's one producer per stream thread has the transactional id {@code <client id>-<thread index>}. */
    private static String transactionalId(KafkaStreams streams) {
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            for (String clientId : thread.producerClientIds()) {
                Matcher m = THREAD_PRODUCER.matcher(clientId);
                if (m.matches()) {
                    return m.group(1) + "-" + m.group(2);
                }
            }
        }
        throw new AssertionError("no stream-thread producer in " + streams.metadataForLocalThreads());
    }

    private static void fence(String bootstrap, String transactionalId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        try (KafkaProducer<String, byte[]> fencer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            fencer.initTransactions();
        }
    }

    /** Offsets below {@code bound} of the records that this consumer's isolation level lets through. */
    private static Set<Long> offsets(KafkaConsumer<String, byte[]> consumer, TopicPartition partition, long bound) {
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        Set<Long> offsets = new HashSet<>();
        while (consumer.position(partition) < bound) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.offset() < bound) {
                    offsets.add(r.offset());
                }
            }
        }
        return offsets;
    }

    private static void awaitCommittedInput(String bootstrap, String group, long records) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        try (Admin admin = broker.admin()) {
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get();
                long sum = 0;
                for (String topic : List.of(Topics.NOISE.name(), Topics.METRICS.name())) {
                    OffsetAndMetadata at = offsets.get(new TopicPartition(topic, 0));
                    sum += at == null ? 0 : at.offset();
                }
                if (sum >= records) {
                    return;
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the processors did not commit " + records + " input records within 120 s");
    }

    /** Every committed record of the output topics, decoded, stall reports left out (they judge wall-clock silence). */
    private static Map<String, List<SpecificRecord>> readCommitted(String bootstrap) {
        Map<String, List<SpecificRecord>> out = Map.of(Topics.ALPHA.name(), new ArrayList<>(),
                Topics.LAYER_STATS.name(), new ArrayList<>(), Topics.EVENTS.name(), new ArrayList<>());
        try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrap, "read_committed")) {
            List<TopicPartition> partitions = out.keySet().stream().map(t -> new TopicPartition(t, 0)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    SpecificRecord decoded = Topics.byName(r.topic()).valueSerde().decode(r.value());
                    if (!(decoded instanceof TailEvent e && e.getType() == EventType.RUN_STALLED)) {
                        out.get(r.topic()).add(decoded);
                    }
                }
            }
        }
        return out;
    }

    /** Equal as multisets; a failure counts what is missing and what is extra rather than printing every record. */
    private static void assertSameRecords(String what, List<SpecificRecord> expected, List<SpecificRecord> committed) {
        Map<SpecificRecord, Integer> balance = new HashMap<>();
        expected.forEach(r -> balance.merge(r, 1, Integer::sum));
        committed.forEach(r -> balance.merge(r, -1, Integer::sum));
        List<SpecificRecord> missing = new ArrayList<>();
        List<SpecificRecord> extra = new ArrayList<>();
        balance.forEach((r, n) -> {
            for (int i = 0; i < Math.abs(n); i++) {
                (n > 0 ? missing : extra).add(r);
            }
        });
        assertTrue(missing.isEmpty() && extra.isEmpty(), "of " + expected.size() + " expected " + what + " records, "
                + missing.size() + " were not committed and " + extra.size() + " others were (" + committed.size()
                + " committed); first missing: " + sorted(missing).stream().findFirst().map(Object::toString).orElse("none")
                + "; first extra: " + sorted(extra).stream().findFirst().map(Object::toString).orElse("none"));
    }

    /** Records in one canonical order, so that comparing lists compares them as multisets. */
    private static List<SpecificRecord> sorted(List<SpecificRecord> records) {
        return records.stream().sorted(Comparator.comparing(Object::toString)).toList();
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrap, String isolation) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
