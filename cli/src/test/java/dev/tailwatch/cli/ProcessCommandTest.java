package dev.tailwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A state directory Kafka Streams could not use is refused before anything starts, with the reason. */
class ProcessCommandTest {

    @TempDir
    Path dir;

    @Test
    void aStateDirThatIsAFileIsRefusedInOneLine() throws Exception {
        Path file = Files.writeString(dir.resolve("state"), "not a folder");
        CliRun run = CliRun.of("process", "--bootstrap", "127.0.0.1:1", "--state-dir", file.toString());
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(1, run.errLines().length, run.err());
        assertEquals("tailwatch process: --state-dir " + file + ": " + file.toAbsolutePath()
                + " exists and is not a folder; give a writable directory", run.errLines()[0]);
    }

    @Test
    void aStateDirUnderAFileIsRefusedNamingTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        Path under = file.resolve("state");
        CliRun run = CliRun.of("process", "--bootstrap", "127.0.0.1:1", "--state-dir", under.toString());
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(1, run.errLines().length, run.err());
        assertEquals("tailwatch process: --state-dir " + under + ": " + file.toAbsolutePath()
                + " is a file, not a folder; give a writable directory", run.errLines()[0]);
    }
}
