package dev.tailwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Options Kafka Streams could not use (a state directory, a commit interval) are refused before anything starts, with the reason. */
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

    @Test
    void aCommitIntervalOutOfRangeIsRefusedInOneLine() {
        CliRun run = CliRun.of("process", "--bootstrap", "127.0.0.1:1", "--commit-interval-ms", "5");
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(1, run.errLines().length, run.err());
        assertEquals("tailwatch process: --commit-interval-ms 5: must be 10 to 60000 (milliseconds); the default is 100",
                run.errLines()[0]);
    }

    @Test
    void aBacklogCommitIntervalBelowTheLiveOneIsRefusedInOneLine() {
        CliRun run = CliRun.of("process", "--bootstrap", "127.0.0.1:1", "--commit-interval-ms", "200",
                "--backlog-commit-interval-ms", "150");
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(1, run.errLines().length, run.err());
        assertEquals("tailwatch process: --backlog-commit-interval-ms 150: must be 200 (--commit-interval-ms) to 60000 "
                + "(milliseconds); the default is 1000", run.errLines()[0]);
    }
}
