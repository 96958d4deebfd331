package dev.tailwatch.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The demo's optional Prometheus: the {@code prometheus} binary from PATH, scraping the demo's /metrics
 * with the project's alert rules, on loopback. Never required: without the binary or the rules the demo
 * says so and goes on.
 */
final class PrometheusProcess implements AutoCloseable {

    /** The scrape job name the alert rules and dashboards expect. */
    static final String JOB = "tailwatch-processors";

    private final Process process;
    private final String url;

    private PrometheusProcess(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    /** Starts Prometheus, or returns null after one line on {@code err} saying why it could not. */
    static PrometheusProcess start(Path dataDir, String metricsUrl, PrintWriter err) {
        Optional<Path> binary = onPath("prometheus");
        if (binary.isEmpty()) {
            err.println("tailwatch demo: --prometheus: no `prometheus` on PATH (Debian: apt-get install prometheus); going on without it");
            return null;
        }
        Optional<Path> rules = projectRules();
        try {
            Files.createDirectories(dataDir);
            URI metrics = URI.create(metricsUrl);
            Path config = dataDir.resolve("prometheus-demo.yml");
            Files.writeString(config, String.join("\n",
                    "# Written by tailwatch demo for this run; dashboards/prometheus/prometheus.yml is the full config.",
                    "global:",
                    "  scrape_interval: 5s",
                    "  evaluation_interval: 5s",
                    "rule_files:",
                    rules.map(r -> "  - " + r.toAbsolutePath() + "/*.yml").orElse("  []"),
                    "scrape_configs:",
                    "  - job_name: " + JOB,
                    "    metrics_path: " + metrics.getPath(),
                    "    static_configs:",
                    "      - targets: ['" + metrics.getHost() + ":" + metrics.getPort() + "']",
                    ""));
            int port = freePort();
            Process p = new ProcessBuilder(binary.get().toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + dataDir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(dataDir.resolve("prometheus.log").toFile()).start();
            if (rules.isEmpty()) {
                err.println("tailwatch demo: --prometheus: dashboards/prometheus/rules not found from here; Prometheus runs without alert rules");
            }
            return new PrometheusProcess(p, "http://127.0.0.1:" + port);
        } catch (IOException e) {
            err.println("tailwatch demo: --prometheus: could not start " + binary.get() + ": " + e.getMessage() + "; going on without it");
            return null;
        }
    }

    String url() {
        return url;
    }

    static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The rules folder of the checkout the command runs from: the working directory's, or the jar's (cli/target/). */
    static Optional<Path> projectRules() {
        try {
            Path jar = Path.of(PrometheusProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path root : List.of(Path.of("").toAbsolutePath(), jar.getParent().getParent().getParent())) {
                Path rules = root.resolve("dashboards/prometheus/rules");
                if (Files.isDirectory(rules)) {
                    return Optional.of(rules);
                }
            }
        } catch (Exception e) {
            // No code source (unusual class loader): fall through to "not found".
        }
        return Optional.empty();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(9090)) {
            return s.getLocalPort();
        } catch (IOException busy) {
            try (ServerSocket s = new ServerSocket(0)) {
                return s.getLocalPort();
            }
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
