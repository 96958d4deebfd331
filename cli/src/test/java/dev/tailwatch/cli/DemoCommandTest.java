package dev.tailwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tailwatch demo} refusals that come before, or instead of, a running pipeline: one line, exit 2. */
class DemoCommandTest {

    @TempDir
    Path temp;

    @Test
    void aBatchLargerThanTheTrainingSplitStopsTheDemoBeforeTheBrokerStarts() {
        Path data = temp.resolve("demo");
        CliRun demo = CliRun.of("demo", "--data-dir", data.toString(), "--batch", "9000", "--iterations", "5", "--metrics-port", "0");
        assertEquals(2, demo.exitCode(), demo.out() + demo.err());
        assertEquals(1, demo.errLines().length, demo.err());
        assertTrue(demo.err().startsWith("tailwatch demo: --batch 9000 is larger than the 8000 training examples of mnist"), demo.err());
        assertFalse(demo.out().contains("starting a Kafka broker"), demo.out());
        assertFalse(Files.exists(data.resolve("kafka")), "no broker was started");
    }

    @Test
    void aDataDirInUseSaysSoAndNotThePort() throws Exception {
        Path data = temp.resolve("busy");
        Path log = Files.createDirectories(data.resolve("kafka"));
        // What a running broker leaves in its log: meta.properties, and the .lock it holds.
        Files.writeString(log.resolve("meta.properties"), "version=1\n");
        try (FileChannel channel = FileChannel.open(log.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock held = channel.lock()) {
            CliRun demo = CliRun.of("demo", "--simulate", "--data-dir", data.toString(), "--iterations", "5", "--metrics-port", "0");
            assertEquals(2, demo.exitCode(), demo.out() + demo.err());
            assertEquals(List.of("tailwatch demo: --data-dir " + data + " is in use: another demo or tailwatch broker is running on "
                    + "its broker log " + log + "; stop that one (Ctrl-C), or give this demo another --data-dir"), List.of(demo.errLines()));
        }
    }
}
