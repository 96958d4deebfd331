package dev.tailwatch.dashboards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tailwatch.broker.SharedTestBroker;
import dev.tailwatch.streams.kafka.ProcessorSettings;
import dev.tailwatch.streams.kafka.TailwatchProcessors;
import dev.tailwatch.streams.simulate.AlphaPath;
import dev.tailwatch.streams.simulate.SimulationPublisher;
import dev.tailwatch.streams.simulate.SyntheticRun;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The processors' /metrics text after a small simulated run passes {@code promtool check metrics} for every
 * tailwatch series: the exposition format's conventions (a gauge may not carry a {@code quantile} label,
 * counters end in _total, ...) are part of the metrics contract. The JVM and Kafka client series come from
 * Micrometer and are not ours to rename. Skipped without promtool unless CI is set.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MetricsLintIT {

    static final int ITERATIONS = 400;
    static final int LAYERS = 2;
    static final int VALUES_PER_LAYER = 2000;

    @TempDir
    Path dir;

    @Test
    void promtoolFindsNothingWrongWithTheTailwatchSeries() throws Exception {
        Path promtool = Tools.require("promtool", "apt-get install -y prometheus", "promtool");
        String runId = "lint-" + UUID.randomUUID().toString().substring(0, 8);
        String bootstrap = SharedTestBroker.bootstrapServers();
        ProcessorSettings settings = ProcessorSettings.defaults(bootstrap, Files.createDirectories(dir.resolve("state")))
                .withApplicationId(SharedTestBroker.uniqueName("tailwatch-lint"));
        String scrape;
        try (TailwatchProcessors processors = TailwatchProcessors.start(settings, "127.0.0.1", 0, 3)) {
            assertTrue(processors.awaitRunning(Duration.ofSeconds(60)), "processors did not reach RUNNING");
            try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
                SyntheticRun run = new SyntheticRun(AlphaPath.twoPhase(ITERATIONS), LAYERS, VALUES_PER_LAYER, ITERATIONS / 3, 29);
                new SimulationPublisher(producer, runId, run).publish(ITERATIONS, 0, () -> false, (i, a, l, c) -> { });
            }
            // Every kind of tailwatch series, the per-parameter quantiles included, before the text is checked.
            List<String> wanted = List.of("tailwatch_alpha{", "tailwatch_layer_alpha_i{", "tailwatch_layer_sas_wins_ratio{",
                    "tailwatch_events_total{", "tailwatch_iteration{run=\"" + runId + "\"} " + (ITERATIONS - 1));
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            do {
                Thread.sleep(500);
                scrape = scrape(processors.metricsUrl());
            } while (!wanted.stream().allMatch(scrape::contains) && System.nanoTime() < deadline);
            for (String series : wanted) {
                assertTrue(scrape.contains(series), "missing on /metrics: " + series);
            }
        }
        Path text = Files.writeString(dir.resolve("metrics.txt"), scrape);
        Tools.Result r = Tools.run(List.of("sh", "-c", "\"$0\" check metrics < \"$1\"", promtool.toString(), text.toString()), 60);
        List<String> aboutTailwatch = Arrays.stream(r.output().split("\\R")).filter(l -> l.contains("tailwatch_")).toList();
        assertEquals(List.of(), aboutTailwatch, "promtool check metrics on tailwatch series; its whole output:\n" + r.output());
    }

    private static String scrape(String url) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            fail("GET " + url + ": " + response.statusCode());
        }
        return response.body();
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }
}
