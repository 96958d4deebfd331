package dev.tailwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tailwatch.broker.SharedTestBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train --journal where no journal folder can be: the one line says why, not just the path. */
class JournalOptionIT {

    @TempDir
    Path temp;

    @Test
    void aJournalUnderAFileSaysWhy() throws Exception {
        Path file = Files.writeString(temp.resolve("a-file"), "x");
        Path journal = file.resolve("journal");
        CliRun result = CliRun.of("train", "--bootstrap", SharedTestBroker.bootstrapServers(), "--run", SharedTestBroker.uniqueName("journal"),
                "--iterations", "2", "--width", "16", "--journal", journal.toString());
        assertEquals(2, result.exitCode());
        assertEquals(List.of("tailwatch train: --journal " + journal + ": " + file + " is a file, not a folder"), List.of(result.errLines()));
    }
}
