package dev.tailwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** simulate's checks of --alpha-path, made before it looks for a broker. */
class SimulateCommandTest {

    @TempDir
    Path dir;

    @Test
    void aMissingAlphaPathSaysItDoesNotExist() {
        Path missing = dir.resolve("missing.csv");
        CliRun run = CliRun.of("simulate", "--bootstrap", "127.0.0.1:1", "--run", "r", "--alpha-path", missing.toString());
        assertEquals(2, run.exitCode());
        assertEquals(List.of("tailwatch simulate: --alpha-path " + missing + ": no such file"), List.of(run.errLines()));
    }

    @Test
    void aFolderAsAlphaPathSaysSo() {
        CliRun run = CliRun.of("simulate", "--bootstrap", "127.0.0.1:1", "--run", "r", "--alpha-path", dir.toString());
        assertEquals(2, run.exitCode());
        assertEquals(List.of("tailwatch simulate: --alpha-path " + dir + ": is a folder; name a CSV file with the columns iteration,alpha"),
                List.of(run.errLines()));
    }
}
