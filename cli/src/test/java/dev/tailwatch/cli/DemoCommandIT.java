package dev.tailwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main command, in-process: broker, processors, /metrics and a trainer (or a simulation)
 * in one command that ends by itself with exit 0 and leaves a broker log that replay can read.
 */
class DemoCommandIT {

    @TempDir
    Path temp;

    @Test
    void trainingDemoRunsToTheEndAndItsRunCanBeReplayed() throws Exception {
        Path data = temp.resolve("demo");
        CliRun demo = CliRun.of("demo", "--data-dir", data.toString(), "--run", "demo-it", "--iterations", "120",
                "--metrics-port", "0", "--ui-port", "0", "--width", "32", "--eval-every", "40");
        assertEquals(0, demo.exitCode(), demo.err());
        assertTrue(demo.out().contains("run demo-it: 120 of 120 iterations"), demo.out());
        assertTrue(demo.out().contains("rolling α at the end: all "), "the processors' α reached the demo: " + demo.out());
        assertTrue(demo.out().contains("./tailwatch replay --bootstrap"), demo.out());
        assertTrue(Files.isDirectory(data.resolve("kafka")), "the broker log is kept");

        // What the demo printed is what a user runs next: a broker on the kept log, then replay.
        String port = demo.out().replaceAll("(?s).*--data-dir \\S+ --port (\\d+).*", "$1");
        try (var broker = dev.tailwatch.broker.EmbeddedKafkaBroker.builder().dataDir(data.resolve("kafka"))
                .port(Integer.parseInt(port)).build().start()) {
            Path report = temp.resolve("report");
            CliRun replay = CliRun.of("replay", "--bootstrap", broker.bootstrapServers(), "--run", "demo-it", "--out", report.toString());
            assertEquals(0, replay.exitCode(), replay.err());
            assertTrue(Files.size(report.resolve(ReplayCharts.OVERVIEW)) > 10_000);
        }
    }

    @Test
    void simulatedDemoShowsTheAlphaDrop() {
        CliRun demo = CliRun.of("demo", "--simulate", "--data-dir", temp.resolve("sim").toString(), "--run", "sim-it",
                "--iterations", "400", "--rate", "400", "--metrics-port", "0", "--ui-port", "0");
        assertEquals(0, demo.exitCode(), demo.err());
        assertTrue(demo.out().contains("alpha_drop"), "the two-phase run's α drop is reported: " + demo.out());
        assertTrue(demo.out().matches("(?s).*\n  page     http://127\\.0\\.0\\.1:\\d+/ \\(live α in the browser\\)\n.*"),
                "the live page's address, under /metrics: " + demo.out());
        assertTrue(demo.out().contains("the broker runs until Ctrl-C, so start it in one terminal and replay in a second"), demo.out());
        assertTrue(demo.out().contains("--out " + temp.resolve("sim").resolve("reports").resolve("sim-it").toAbsolutePath()),
                "the report goes under the data dir, not into the current folder: " + demo.out());
    }

    @Test
    void badOptionsStopTheDemoBeforeAnythingStarts() {
        CliRun demo = CliRun.of("demo", "--data-dir", temp.resolve("bad").toString(), "--duration", "soon");
        assertEquals(2, demo.exitCode());
        assertTrue(demo.err().contains("--duration 'soon' is not a duration"), demo.err());
        assertTrue(!Files.exists(temp.resolve("bad").resolve("kafka")), "no broker was started");
    }

    @Test
    void aBusyMetricsPortIsNamedAndEverythingStops() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            CliRun demo = CliRun.of("demo", "--simulate", "--data-dir", temp.resolve("busy").toString(), "--iterations", "10",
                    "--metrics-port", Integer.toString(taken.getLocalPort()));
            assertEquals(2, demo.exitCode(), demo.out() + demo.err());
            assertTrue(demo.err().contains("cannot serve /metrics on 127.0.0.1:" + taken.getLocalPort()), demo.err());
        }
    }
}
