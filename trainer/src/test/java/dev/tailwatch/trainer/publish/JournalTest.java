package dev.tailwatch.trainer.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spill journal across restarts, crashes mid-append and prepends. */
class JournalTest {

    @TempDir
    Path dir;

    private static OutgoingRecord record(int i) {
        return new OutgoingRecord("t", "k", new byte[] {(byte) i, 1, 2, 3});
    }

    private static List<Integer> firstBytes(List<Journal.Positioned> records) {
        return records.stream().map(p -> (int) p.record().value()[0]).toList();
    }

    @Test
    void aRecordCutShortByACrashIsCutOffAndLaterAppendsStayReadable() throws IOException {
        Journal journal = new Journal(dir, 1 << 20);
        for (int i = 0; i < 3; i++) {
            journal.append(record(i));
        }
        journal.close();
        // A crash in the middle of the fourth append: its topic length and half its topic are on disk.
        Files.write(dir.resolve("journal.bin"), new byte[] {0, 0, 0, 5, 't', 'o'}, StandardOpenOption.APPEND);

        Journal reopened = new Journal(dir, 1 << 20);
        assertEquals(3, reopened.pendingRecords());
        reopened.append(record(3));
        assertEquals(List.of(0, 1, 2, 3), firstBytes(reopened.next(100)));
        reopened.close();
    }

    @Test
    void prependPutsRecordsFirstAndAcknowledgedOnesStayGone() throws IOException {
        Journal journal = new Journal(dir, 1 << 20);
        for (int i = 0; i < 4; i++) {
            journal.append(record(i));
        }
        List<Journal.Positioned> batch = journal.next(2);
        journal.acknowledge(batch.get(1).positionAfter(), 2);
        assertEquals(0, journal.prepend(List.of(record(8), record(9))));
        assertEquals(List.of(8, 9, 2, 3), firstBytes(journal.next(100)));
        journal.close();
        Journal reopened = new Journal(dir, 1 << 20);
        assertEquals(List.of(8, 9, 2, 3), firstBytes(reopened.next(100)), "the rewrite survives a restart");
        reopened.close();
    }

    @Test
    void aSecondJournalOnTheSameFolderIsRefusedAndAClosedOneTakesNoRecords() throws IOException {
        Journal journal = new Journal(dir, 1 << 20);
        IOException inUse = assertThrows(IOException.class, () -> new Journal(dir, 1 << 20));
        assertEquals(true, inUse.getMessage().contains("in use by another running publisher"), inUse.getMessage());
        journal.close();
        assertThrows(IOException.class, () -> journal.append(record(1)));
    }
}
