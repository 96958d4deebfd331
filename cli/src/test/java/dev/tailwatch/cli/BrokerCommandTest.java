package dev.tailwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tailwatch.broker.EmbeddedKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * broker --data-dir on folders that are not a broker log. A broker that does start blocks until Ctrl-C:
 * the timeout interrupts it, so a regression fails here instead of hanging the build.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BrokerCommandTest {

    @TempDir
    Path dir;

    @Test
    void aDemosDataDirMeansItsBrokerLog() throws Exception {
        Path demo = dir.resolve("demo");
        Files.createDirectories(demo.resolve("streams"));
        Files.createDirectories(demo.resolve("journal"));
        Path log = demo.resolve("kafka");
        // The demo's broker keeps running on D/kafka, so the command, once it has chosen D/kafka, stops
        // with that log in use instead of blocking until Ctrl-C.
        try (EmbeddedKafkaBroker running = EmbeddedKafkaBroker.builder().dataDir(log).build().start()) {
            CliRun run = CliRun.of("broker", "--data-dir", demo.toString(), "--port", "0");
            assertEquals(2, run.exitCode());
            assertEquals(List.of("tailwatch broker: --data-dir " + demo + " is a demo's data dir; using its broker log " + log,
                    "tailwatch broker: data dir " + log + " is in use by another broker in this JVM (stop the broker or demo that runs on it, "
                            + "or connect to that one instead)"), List.of(run.errLines()));
        }
        assertFalse(Files.exists(demo.resolve("meta.properties")), "nothing written into the demo's own folder");
    }

    @Test
    void aFolderHoldingSomethingElseIsNotWrittenInto() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "mine");
        CliRun run = CliRun.of("broker", "--data-dir", dir.toString(), "--port", "0");
        assertEquals(2, run.exitCode());
        assertEquals(List.of("tailwatch broker: data dir " + dir + " holds other files and no Kafka log (no meta.properties); "
                + "name an empty or new folder, or the folder of a broker log"), List.of(run.errLines()));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("notes.txt")), files.toList());
        }
    }
}
