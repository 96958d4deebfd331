package dev.tailwatch.streams.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tailwatch.broker.SharedTestBroker;
import dev.tailwatch.schema.NoiseSamples;
import dev.tailwatch.streams.it.TestClients;
import dev.tailwatch.schema.Topics;
import dev.tailwatch.schema.avro.NoiseKind;
import dev.tailwatch.schema.avro.ProbeMode;
import dev.tailwatch.streams.analysis.AnalysisConfig;
import dev.tailwatch.streams.simulate.AlphaPath;
import dev.tailwatch.streams.simulate.SyntheticRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/**
 * Two instances with one application id share the partitions, and a run's series are on the /metrics of
 * exactly the instance that owns the run's partition: when a second instance takes partitions over, the first
 * one drops those runs' series; when it leaves, the first one exports them again from their next records.
 */
class MetricsFollowPartitionsIT {

    private static final int LAYERS = 2;
    private final String bootstrap = SharedTestBroker.bootstrapServers();
    private final SyntheticRun synthetic = new SyntheticRun(AlphaPath.constant(1.5), LAYERS, 200, -1, 5);
    private long nextIteration;

    @Test
    void aRunIsExportedOnlyByTheInstanceThatOwnsItsPartition() throws Exception {
        int partitions = noisePartitions();
        List<String> runs = runsOnEveryPartition(partitions);
        String appId = "metrics-follow-" + UUID.randomUUID().toString().substring(0, 8);
        AnalysisConfig config = new AnalysisConfig(10, 0, 1);
        try (KafkaProducer<String, byte[]> producer = TestClients.producer(bootstrap);
             TailwatchProcessors a = TailwatchProcessors.start(settings(appId, config), "127.0.0.1", 0, partitions)) {
            assertTrue(a.awaitRunning(Duration.ofSeconds(60)));
            publish(producer, runs, 5);
            await(() -> owners(runs, List.of(a)).stream().allMatch(n -> n == 1), "every run on the only instance");

            try (TailwatchProcessors b = TailwatchProcessors.start(settings(appId, config), "127.0.0.1", 0, partitions)) {
                assertTrue(b.awaitRunning(Duration.ofSeconds(60)));
                // New records after the rebalance: every run is then exported again, by its partition's owner only.
                await(() -> {
                    publish(producer, runs, 1);
                    List<Integer> owners = owners(runs, List.of(a, b));
                    return owners.stream().allMatch(n -> n == 1) && exported(runs, b) > 0 && exported(runs, a) > 0;
                }, "each run on exactly one of two instances, both with runs");
                List<Integer> owners = owners(runs, List.of(a, b));
                assertEquals(runs.size(), owners.size());
                owners.forEach(n -> assertEquals(1, n, "instances exporting a run: " + owners));
            }
            // b left the group: its runs move back to a and are exported there from their next records.
            await(() -> {
                publish(producer, runs, 1);
                return exported(runs, a) == runs.size();
            }, "every run back on the remaining instance");
        }
    }

    private List<Integer> owners(List<String> runs, List<TailwatchProcessors> instances) throws Exception {
        List<String> scrapes = new ArrayList<>();
        for (TailwatchProcessors p : instances) {
            scrapes.add(TestClients.scrape(p.metricsUrl()));
        }
        List<Integer> owners = new ArrayList<>();
        for (String run : runs) {
            owners.add((int) scrapes.stream().filter(s -> s.contains("tailwatch_iteration{run=\"" + run + "\"}")
                    || s.contains("tailwatch_noise_values_total{run=\"" + run + "\"}")).count());
        }
        return owners;
    }

    private int exported(List<String> runs, TailwatchProcessors instance) throws Exception {
        String s = TestClients.scrape(instance.metricsUrl());
        return (int) runs.stream().filter(r -> s.contains("tailwatch_noise_values_total{run=\"" + r + "\"}")).count();
    }

    private static void await(Check check, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (check.ok()) {
                return;
            }
            Thread.sleep(300);
        }
        assertTrue(check.ok(), what);
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    /** One run id per partition of the noise topic, found by the producer's own key hash. */
    private static List<String> runsOnEveryPartition(int partitions) {
        List<String> runs = new ArrayList<>();
        String prefix = "follow-" + UUID.randomUUID().toString().substring(0, 6) + "-";
        boolean[] taken = new boolean[partitions];
        for (int i = 0; runs.size() < partitions; i++) {
            String id = prefix + i;
            int p = Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % partitions;
            if (!taken[p]) {
                taken[p] = true;
                runs.add(id);
            }
        }
        return runs;
    }

    private void publish(KafkaProducer<String, byte[]> producer, List<String> runs, int iterations) {
        for (int n = 0; n < iterations; n++) {
            long it = nextIteration++;
            for (String run : runs) {
                for (int layer = 0; layer < LAYERS; layer++) {
                    producer.send(new ProducerRecord<>(Topics.NOISE.name(), run, Topics.NOISE.valueSerde().encode(
                            NoiseSamples.of(run, it, SyntheticRun.layerName(layer), layer, LAYERS, ProbeMode.EXACT,
                                    NoiseKind.TRACKED_COORDINATES, synthetic.rows(), synthetic.cols(),
                                    synthetic.noise(it, layer), System.currentTimeMillis()))));
                }
            }
        }
        producer.flush();
    }

    private int noisePartitions() throws Exception {
        TailwatchProcessors.ensureTopics(bootstrap, 3);
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            return admin.describeTopics(List.of(Topics.NOISE.name())).allTopicNames().get()
                    .get(Topics.NOISE.name()).partitions().size();
        }
    }

    private ProcessorSettings settings(String appId, AnalysisConfig config) throws Exception {
        return new ProcessorSettings(bootstrap, appId, Files.createTempDirectory("tailwatch-follow-it-"), config,
                ProcessorSettings.DEFAULT_MAX_RECORD_BYTES, Duration.ofMinutes(10), Duration.ofMinutes(10), 1);
    }
}
