package dev.tailwatch.bench.state;

import dev.tailwatch.bench.common.BenchBroker;
import dev.tailwatch.schema.NoiseSamples;
import dev.tailwatch.schema.Topics;
import dev.tailwatch.schema.avro.NoiseKind;
import dev.tailwatch.schema.avro.ProbeMode;
import dev.tailwatch.streams.analysis.AnalysisConfig;
import dev.tailwatch.streams.kafka.ProcessorSettings;
import dev.tailwatch.streams.kafka.TailwatchProcessors;
import dev.tailwatch.streams.simulate.AlphaPath;
import dev.tailwatch.streams.simulate.SyntheticRun;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What keeping the analysis state in a changelogged store costs: bytes written to the changelog per input
 * byte for one long run, and how long a fresh instance takes to restore that run's state before it processes
 * again. One run of N iterations × L layers × C tracked coordinates (one row per sample, as the cheap live
 * probes publish) is published to a real broker, analysed to the end, and then a second instance with an
 * empty state directory and the same application id takes over.
 *
 * <p>Usage: {@code bench/state-cost.sh [--iterations N] [--layers L] [--coords C]} (defaults 10,000 × 50 × 1,000).
 */
public final class StateCost {

    private StateCost() {
    }

    public static void main(String[] args) throws Exception {
        int iterations = intOption(args, "--iterations", 10_000);
        int layers = intOption(args, "--layers", 50);
        int coords = intOption(args, "--coords", 1_000);
        // An odd count keeps SyntheticRun at one row per sample (it uses 10 rows when the count divides by 10).
        int values = coords % 10 == 0 ? coords + 1 : coords;
        SyntheticRun run = new SyntheticRun(AlphaPath.twoPhase(iterations), layers, values, -1, 7);
        String runId = "state-cost-" + UUID.randomUUID().toString().substring(0, 6);
        String appId = "state-cost-" + runId;
        try (BenchBroker broker = BenchBroker.start("in-process", 1)) {
            String bootstrap = broker.bootstrapServers();
            long inputBytes = publish(bootstrap, runId, run, iterations);
            System.out.printf("published %,d iterations × %d layers × %d values: %,d bytes of noise records%n",
                    iterations, layers, values, inputBytes);
            long expectedAlphas = (long) iterations * (layers + 1) * 2;
            long t0 = System.nanoTime();
            double snapshotBytes;
            double snapshots;
            try (TailwatchProcessors first = TailwatchProcessors.start(settings(bootstrap, appId), "127.0.0.1", 0, 1)) {
                awaitAlphas(bootstrap, runId, expectedAlphas);
                snapshotBytes = counter(first.metrics().registry(), "tailwatch.state.snapshot.bytes");
                snapshots = counter(first.metrics().registry(), "tailwatch.state.snapshots");
            }
            double analyseSeconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("analysed in %.1f s: %,.0f snapshots, %,.0f bytes (%.0f bytes each), %.2f changelog bytes per input byte%n",
                    analyseSeconds, snapshots, snapshotBytes, snapshotBytes / Math.max(1, snapshots), snapshotBytes / inputBytes);

            long t1 = System.nanoTime();
            try (TailwatchProcessors second = TailwatchProcessors.start(settings(bootstrap, appId), "127.0.0.1", 0, 1)) {
                if (!second.awaitRunning(Duration.ofMinutes(10))) {
                    throw new IllegalStateException("the second instance did not reach RUNNING");
                }
                double restoreSeconds = (System.nanoTime() - t1) / 1e9;
                double restored = counter(second.metrics().registry(), "tailwatch.state.restored.records");
                System.out.printf("restore: a fresh instance was RUNNING after %.2f s, %,.0f changelog records restored%n",
                        restoreSeconds, restored);
            }
        }
    }

    private static long publish(String bootstrap, String runId, SyntheticRun run, int iterations) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20);
        long bytes = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (long it = 0; it < iterations; it++) {
                for (int layer = 0; layer < run.layers(); layer++) {
                    byte[] value = Topics.NOISE.valueSerde().encode(NoiseSamples.of(runId, it, SyntheticRun.layerName(layer),
                            layer, run.layers(), ProbeMode.ONLINE, NoiseKind.TRACKED_COORDINATES, run.rows(), run.cols(),
                            run.noise(it, layer), 1_700_000_000_000L + it * 100));
                    bytes += value.length;
                    producer.send(new ProducerRecord<>(Topics.NOISE.name(), runId, value));
                }
            }
            producer.flush();
        }
        return bytes;
    }

    private static void awaitAlphas(String bootstrap, String runId, long expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "state-cost-reader-" + runId);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        long seen = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.ALPHA.name()));
            while (seen < expected) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + seen + " of " + expected + " α records after 30 min");
                }
                seen += consumer.poll(Duration.ofMillis(500)).count();
            }
        }
    }

    private static double counter(MeterRegistry registry, String name) {
        Counter c = registry.find(name).counter();
        return c == null ? 0 : c.count();
    }

    private static ProcessorSettings settings(String bootstrap, String appId) throws Exception {
        return new ProcessorSettings(bootstrap, appId, Files.createTempDirectory("tailwatch-state-cost-"),
                AnalysisConfig.defaults(), ProcessorSettings.DEFAULT_MAX_RECORD_BYTES, Duration.ofHours(1),
                Duration.ofHours(1), 1);
    }

    private static int intOption(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                try {
                    return Integer.parseInt(args[i + 1]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(name + " " + args[i + 1] + ": not a whole number");
                }
            }
        }
        return fallback;
    }
}
