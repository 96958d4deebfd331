package dev.tailwatch.dashboards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.tailwatch.broker.SharedTestBroker;
import dev.tailwatch.schema.Topics;
import dev.tailwatch.streams.kafka.ProcessorSettings;
import dev.tailwatch.streams.kafka.TailwatchProcessors;
import dev.tailwatch.streams.simulate.AlphaPath;
import dev.tailwatch.streams.simulate.SimulationPublisher;
import dev.tailwatch.streams.simulate.SyntheticRun;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboards and rules against the real thing: an in-process KRaft broker, the real processors on a
 * free port, the real {@code prometheus} binary scraping them every second with the project's rules, and
 * (when installed) the real Alertmanager with the project's configuration. A simulated two-phase run (α
 * 1.85 → 1.25, with an accuracy jump at the α minimum) and one undecodable record are published.
 *
 * <p>Then every PromQL expression of every dashboard (panels, annotations, variables) and of every rule
 * must parse and return data over the test's time range — as Grafana's range queries would — except the
 * listed ones, and TailwatchAlphaDrop must fire and reach Alertmanager and its webhook receiver.
 *
 * <p>Skipped without the prometheus binary unless CI is set, in which case it fails.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class PrometheusLiveIT {

    static final int ITERATIONS = 600;
    static final double ITERATIONS_PER_SECOND = 40;
    static final int LAYERS = 3;
    static final int VALUES_PER_LAYER = 2000;
    /** At the α minimum of the two-phase profile (30 % of the run), where the jump detector looks. */
    static final long JUMP_AT = 180;

    /** Rules whose expression must be EMPTY here: the negative half of the live check. */
    static final Map<String, String> RULES_EXPECTED_EMPTY = Map.of(
            "TailwatchProcessorDown", "the processors are up and scraped: it must not fire",
            "TailwatchRunStalled", "the run finishes and nothing is silent for 2 minutes; promtool tests cover the firing case");

    /** Dashboard expressions allowed to return nothing here, with the reason. */
    static final Map<String, String> DASHBOARD_ALLOWED_EMPTY = Map.of();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();

    @AfterEach
    void stopProcesses() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void dashboardsAndRulesWorkAgainstTheLivePipeline() throws Exception {
        Path prometheus = Tools.require("Prometheus", "apt-get install -y prometheus", "prometheus");
        Optional<Path> alertmanager = Tools.onPath("prometheus-alertmanager", "alertmanager");
        if (alertmanager.isEmpty()) {
            System.err.println("PrometheusLiveIT: no alertmanager binary (apt-get install -y prometheus-alertmanager): "
                    + "the Alertmanager part is skipped");
        }
        String runId = "live-" + UUID.randomUUID().toString().substring(0, 8);
        String bootstrap = SharedTestBroker.bootstrapServers();
        ProcessorSettings settings = ProcessorSettings.defaults(bootstrap, Files.createDirectories(dir.resolve("state")))
                .withApplicationId(SharedTestBroker.uniqueName("tailwatch-live"));
        List<String> webhookBodies = new CopyOnWriteArrayList<>();
        HttpServer webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/", exchange -> {
            webhookBodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        webhook.start();
        try (TailwatchProcessors processors = TailwatchProcessors.start(settings, "127.0.0.1", 0, 3)) {
            assertTrue(processors.awaitRunning(Duration.ofSeconds(60)), "processors did not reach RUNNING");
            int metricsPort = URI.create(processors.metricsUrl()).getPort();

            String alertmanagerUrl = null;
            if (alertmanager.isPresent()) {
                alertmanagerUrl = startAlertmanager(alertmanager.get(), webhook.getAddress().getPort());
            }
            String prom = startPrometheus(prometheus, metricsPort, alertmanagerUrl);
            await(Duration.ofSeconds(30), () -> !query(prom, "up{job=\"tailwatch-processors\"} == 1").isEmpty(),
                    "Prometheus scrapes the processors");
            // From the first successful scrape on: before it, TailwatchProcessorDown's absent(up) branch is rightly true.
            double start = System.currentTimeMillis() / 1000.0;

            // The run, published as a trainer would, plus one record the processors must dead-letter.
            try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
                producer.send(new ProducerRecord<>(Topics.NOISE.name(), runId, "garbage".getBytes(StandardCharsets.UTF_8)));
                SyntheticRun run = new SyntheticRun(AlphaPath.twoPhase(ITERATIONS), LAYERS, VALUES_PER_LAYER, JUMP_AT, 23);
                new SimulationPublisher(producer, runId, run).publish(ITERATIONS, ITERATIONS_PER_SECOND, () -> false, (i, a, l, c) -> { });
            }
            await(Duration.ofSeconds(60), () -> !query(prom,
                            "tailwatch_iteration{run=\"" + runId + "\"} == " + (ITERATIONS - 1)).isEmpty(),
                    "Prometheus sees the run's last iteration");

            // The α drop alert fires (rule `for:` shortened in the test copy, see startPrometheus).
            await(Duration.ofSeconds(60), () -> firing(prom, "TailwatchAlphaDrop", runId), "TailwatchAlphaDrop fires for " + runId);
            Thread.sleep(3000); // a few more scrapes, so rate windows right after the run hold two samples
            double end = System.currentTimeMillis() / 1000.0;

            List<String> failures = new ArrayList<>();
            checkDashboards(prom, runId, start, end, failures);
            checkRules(prom, start, end, failures);
            assertTrue(failures.isEmpty(), failures.size() + " problem(s):\n  " + String.join("\n  ", failures));

            if (alertmanagerUrl != null) {
                String am = alertmanagerUrl;
                await(Duration.ofSeconds(30), () -> {
                    for (JsonNode alert : get(am + "/api/v2/alerts")) {
                        if (alert.path("labels").path("alertname").asText().equals("TailwatchAlphaDrop")
                                && alert.path("labels").path("run").asText().equals(runId)) {
                            return true;
                        }
                    }
                    return false;
                }, "TailwatchAlphaDrop reaches Alertmanager");
                // Routed by severity=warning to the webhook receiver (group_wait 10 s).
                await(Duration.ofSeconds(40), () -> webhookBodies.stream()
                                .anyMatch(b -> b.contains("TailwatchAlphaDrop") && b.contains(runId)),
                        "Alertmanager notifies the webhook receiver of TailwatchAlphaDrop");
                System.out.println("PrometheusLiveIT: TailwatchAlphaDrop reached Alertmanager and its webhook receiver");
                assertTrue(webhookBodies.stream().noneMatch(b -> b.contains("\"severity\":\"info\"")),
                        "info alerts go to the null receiver, not the webhook: " + webhookBodies);
            }
        } catch (AssertionError | Exception e) {
            throw withLogs(e);
        } finally {
            webhook.stop(0);
        }
    }

    /** Every dashboard expression, variables substituted, returns data over the run (as Grafana's range query). */
    private void checkDashboards(String prom, String runId, double start, double end, List<String> failures) throws IOException {
        int checked = 0;
        for (Path file : ProjectFiles.dashboardFiles()) {
            for (ProjectFiles.Expression e : ProjectFiles.expressions(file)) {
                checked++;
                String expr = e.expr()
                        .replace("$__rate_interval", "5s")
                        .replace("$__interval", "2s")
                        .replace("$run", runId)
                        .replace("$layer", "layer0");
                String label = null;
                if (e.variableQuery()) {
                    // label_values(SELECTOR, LABEL): the selector must return series that carry the label.
                    var m = java.util.regex.Pattern.compile("label_values\\((.*),\\s*(\\w+)\\)").matcher(expr);
                    assertTrue(m.matches(), "variable query " + e);
                    expr = m.group(1);
                    label = m.group(2);
                }
                JsonNode result;
                try {
                    result = queryRange(prom, expr, start, end);
                } catch (IllegalStateException ex) {
                    failures.add(e + " → " + ex.getMessage());
                    continue;
                }
                if (result.isEmpty()) {
                    if (!DASHBOARD_ALLOWED_EMPTY.containsKey(e.expr())) {
                        failures.add(e + " → no data");
                    }
                } else if (label != null) {
                    String l = label;
                    boolean carries = false;
                    for (JsonNode series : result) {
                        carries |= series.path("metric").has(l);
                    }
                    if (!carries) {
                        failures.add(e + " → series without the label " + l);
                    }
                }
            }
        }
        assertTrue(checked > 30, "expected the dashboards' expressions, found only " + checked);
        System.out.println("PrometheusLiveIT: " + checked + " dashboard expressions checked");
    }

    /** Every loaded rule is healthy; its expression returns data, or is one of the expected-empty ones and is empty. */
    private void checkRules(String prom, double start, double end, List<String> failures) throws IOException {
        int rules = 0;
        for (JsonNode group : get(prom + "/api/v1/rules").path("data").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                rules++;
                String name = rule.path("name").asText();
                if (!rule.path("health").asText().equals("ok")) {
                    failures.add("rule " + name + " health " + rule.path("health").asText() + ": " + rule.path("lastError").asText());
                }
                JsonNode result;
                try {
                    result = queryRange(prom, rule.path("query").asText(), start, end);
                } catch (IllegalStateException ex) {
                    failures.add("rule " + name + " → " + ex.getMessage());
                    continue;
                }
                boolean expectedEmpty = RULES_EXPECTED_EMPTY.containsKey(name);
                if (expectedEmpty && !result.isEmpty()) {
                    failures.add("rule " + name + " should return nothing here (" + RULES_EXPECTED_EMPTY.get(name) + ") but returned " + result);
                } else if (!expectedEmpty && result.isEmpty()) {
                    failures.add("rule " + name + " → no data over the run");
                }
            }
        }
        assertEquals(6, rules, "rules loaded by Prometheus");
        System.out.println("PrometheusLiveIT: " + rules + " rules checked (" + RULES_EXPECTED_EMPTY.keySet() + " expected empty)");
    }

    private String startAlertmanager(Path binary, int webhookPort) throws IOException, InterruptedException {
        int port = freePort();
        Path config = dir.resolve("alertmanager.yml");
        String text = Files.readString(ProjectFiles.ALERTMANAGER_CONFIG);
        String rewritten = text.replace("http://alert-webhook:5001/tailwatch", "http://127.0.0.1:" + webhookPort + "/tailwatch");
        assertTrue(!rewritten.equals(text), "the webhook URL of alertmanager.yml changed; update this test");
        Files.writeString(config, rewritten);
        start("alertmanager", List.of(binary.toString(), "--config.file=" + config,
                "--storage.path=" + Files.createDirectories(dir.resolve("am-data")),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=", // no HA gossip port
                "--log.level=warn"));
        String url = "http://127.0.0.1:" + port;
        await(Duration.ofSeconds(30), () -> ready(url), "Alertmanager ready");
        return url;
    }

    private String startPrometheus(Path binary, int metricsPort, String alertmanagerUrl) throws IOException, InterruptedException {
        int port = freePort();
        // The project's rules, with every `for:` shortened to 2 s so that the test need not wait minutes;
        // expressions, labels and annotations are exactly the shipped ones.
        String rules = Files.readString(ProjectFiles.RULES).replaceAll("(?m)^(\\s*for:\\s*)\\d+[smh]\\s*$", "$12s");
        Files.writeString(dir.resolve("rules.yml"), rules);
        StringBuilder config = new StringBuilder("""
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - rules.yml
                scrape_configs:
                  - job_name: tailwatch-processors
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(metricsPort));
        if (alertmanagerUrl != null) {
            config.append("""
                    alerting:
                      alertmanagers:
                        - static_configs:
                            - targets: ['%s']
                    """.formatted(alertmanagerUrl.substring("http://".length())));
        }
        Path configFile = dir.resolve("prometheus.yml");
        Files.writeString(configFile, config.toString());
        start("prometheus", List.of(binary.toString(), "--config.file=" + configFile,
                "--storage.tsdb.path=" + Files.createDirectories(dir.resolve("prom-data")),
                "--web.listen-address=127.0.0.1:" + port, "--log.level=warn"));
        String url = "http://127.0.0.1:" + port;
        await(Duration.ofSeconds(30), () -> ready(url), "Prometheus ready");
        return url;
    }

    private void start(String name, List<String> command) throws IOException {
        Path log = dir.resolve(name + ".log");
        logs.add(log);
        processes.add(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start());
    }

    private static boolean ready(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url + "/-/ready")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean firing(String prom, String alertname, String runId) {
        for (JsonNode alert : get(prom + "/api/v1/alerts").path("data").path("alerts")) {
            if (alert.path("labels").path("alertname").asText().equals(alertname)
                    && alert.path("labels").path("run").asText().equals(runId)
                    && alert.path("state").asText().equals("firing")) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode query(String prom, String expr) {
        return api(prom + "/api/v1/query?query=" + enc(expr));
    }

    private static JsonNode queryRange(String prom, String expr, double start, double end) {
        return api(prom + "/api/v1/query_range?query=" + enc(expr) + "&start=" + start + "&end=" + end + "&step=1");
    }

    /** data.result of a successful API answer; IllegalStateException with Prometheus' error otherwise. */
    private static JsonNode api(String url) {
        JsonNode answer = get(url);
        if (!answer.path("status").asText().equals("success")) {
            throw new IllegalStateException(answer.path("errorType").asText() + ": " + answer.path("error").asText());
        }
        return answer.path("data").path("result");
    }

    private static JsonNode get(String url) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void await(Duration timeout, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (IllegalStateException e) {
                // not up yet
            }
            Thread.sleep(250);
        }
        fail("timed out after " + timeout.toSeconds() + " s waiting for: " + what);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** Adds the tail of the Prometheus/Alertmanager logs to a failure. */
    private Error withLogs(Throwable e) {
        StringBuilder s = new StringBuilder(String.valueOf(e.getMessage()));
        for (Path log : logs) {
            try {
                List<String> lines = Files.readAllLines(log);
                s.append("\n--- ").append(log.getFileName()).append(" (last lines) ---\n")
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
            } catch (IOException ignored) {
                // no log
            }
        }
        AssertionError error = new AssertionError(s.toString(), e);
        return error;
    }
}
