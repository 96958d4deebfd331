package dev.tailwatch.streams.kafka;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tailwatch.broker.SharedTestBroker;
import dev.tailwatch.schema.NoiseSamples;
import dev.tailwatch.schema.Topics;
import dev.tailwatch.schema.avro.NoiseKind;
import dev.tailwatch.schema.avro.ProbeMode;
import dev.tailwatch.streams.analysis.AnalysisConfig;
import dev.tailwatch.streams.it.TestClients;
import dev.tailwatch.streams.simulate.AlphaPath;
import dev.tailwatch.streams.simulate.SyntheticRun;
import io.micrometer.core.instrument.Meter;
import java.nio.file.Files;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The processors' own commit pacing on a real broker: live input (fresh record timestamps) is committed at the live
 * interval (100 ms), while the same input an hour old, a backlog, leaves the commits to Kafka Streams' own 1 s
 * interval. Counted by Kafka Streams' commit meter over two equal stretches of input.
 */
class CommitPacingIT {

    private static final int LAYERS = 2;
    private static final Duration STRETCH = Duration.ofSeconds(4);
    private final String bootstrap = SharedTestBroker.bootstrapServers();
    private final SyntheticRun synthetic = new SyntheticRun(AlphaPath.constant(1.5), LAYERS, 200, -1, 5);
    private long nextIteration;

    @Test
    void liveInputCommitsAtTheLiveIntervalAndABacklogAtTheBacklogInterval() throws Exception {
        TailwatchProcessors.ensureTopics(bootstrap, 3);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String run = "pacing-" + suffix;
        ProcessorSettings settings = new ProcessorSettings(bootstrap, "pacing-" + suffix,
                Files.createTempDirectory("tailwatch-pacing-it-"), new AnalysisConfig(10, 0, 1),
                ProcessorSettings.DEFAULT_MAX_RECORD_BYTES, Duration.ofMinutes(10), Duration.ofMinutes(10), 1);
        try (KafkaProducer<String, byte[]> producer = TestClients.producer(bootstrap);
             TailwatchProcessors processors = TailwatchProcessors.start(settings, "127.0.0.1", 0, 3)) {
            assertTrue(processors.awaitRunning(Duration.ofSeconds(60)));
            feed(producer, run, Duration.ofHours(1));
            double backlogStart = commits(processors);
            feed(producer, run, Duration.ofHours(1));
            double backlog = commits(processors) - backlogStart;
            feed(producer, run, Duration.ZERO);
            double liveStart = commits(processors);
            feed(producer, run, Duration.ZERO);
            double live = commits(processors) - liveStart;
            System.out.printf("commits in %d s: live input %.0f, backlog %.0f%n", STRETCH.toSeconds(), live, backlog);
            // 4 s of input: about 40 live commits at 100 ms, about 4 backlog ones at 1 s; wide margins for a loaded machine.
            assertTrue(live >= 15, "commits in " + STRETCH.toSeconds() + " s of live input: " + live + " (backlog " + backlog + ")");
            assertTrue(backlog <= 8, "commits in " + STRETCH.toSeconds() + " s of backlog: " + backlog + " (live " + live + ")");
        }
    }

    /** One iteration every 50 ms for {@link #STRETCH}, with record timestamps {@code age} in the past. */
    private void feed(KafkaProducer<String, byte[]> producer, String run, Duration age) throws InterruptedException {
        long end = System.nanoTime() + STRETCH.toNanos();
        while (System.nanoTime() < end) {
            long it = nextIteration++;
            long timestamp = System.currentTimeMillis() - age.toMillis();
            for (int layer = 0; layer < LAYERS; layer++) {
                producer.send(new ProducerRecord<>(Topics.NOISE.name(), null, timestamp, run, Topics.NOISE.valueSerde().encode(
                        NoiseSamples.of(run, it, SyntheticRun.layerName(layer), layer, LAYERS, ProbeMode.EXACT,
                                NoiseKind.TRACKED_COORDINATES, synthetic.rows(), synthetic.cols(), synthetic.noise(it, layer),
                                timestamp))));
            }
            producer.flush();
            Thread.sleep(50);
        }
    }

    private static double commits(TailwatchProcessors processors) {
        return processors.metrics().registry().getMeters().stream()
                .filter(m -> m.getId().getName().equals("kafka.stream.thread.commit.total"))
                .mapToDouble(CommitPacingIT::value).sum();
    }

    private static double value(Meter m) {
        return m.measure().iterator().next().getValue();
    }
}
