package dev.tailwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged export files and unwritable report folders, through the real commands; no broker needed. */
class ArchiveFilesTest {

    /** Nothing listens there: a command that got as far as the broker would fail differently. */
    private static final String NO_BROKER = "127.0.0.1:1";

    @TempDir
    Path dir;

    @Test
    void importOfATruncatedNoiseFileFailsNamingItAndLoadsNothing() throws Exception {
        Path export = dir.resolve("export");
        Map<String, Integer> counts = SimulatedExport.write(export, "r1", 300);
        Path noise = export.resolve("noise.avro");
        long half = Files.size(noise) / 2;
        try (RandomAccessFile file = new RandomAccessFile(noise.toFile(), "rw")) {
            file.setLength(half);
        }
        CliRun run = CliRun.of("import", "--bootstrap", NO_BROKER, "--input", export.toString());
        assertEquals(2, run.exitCode());
        assertEquals("", run.out());
        assertEquals(1, run.errLines().length, run.err());
        Matcher m = Pattern.compile(Pattern.quote("tailwatch import: " + noise + ": truncated or damaged: the last complete block ends at byte ")
                + "(\\d+) of " + half + " \\(after (\\d+) records\\); export the run again \\(nothing was imported\\)").matcher(run.errLines()[0]);
        assertTrue(m.matches(), run.err());
        assertTrue(Long.parseLong(m.group(1)) < half);
        assertTrue(Integer.parseInt(m.group(2)) < counts.get("noise"), "the records before the cut were read: " + m.group(2));

        CliRun replay = CliRun.of("replay", "--input", export.toString(), "--out", dir.resolve("report").toString());
        assertEquals(2, replay.exitCode());
        assertEquals(1, replay.errLines().length, replay.err());
        assertTrue(replay.errLines()[0].startsWith("tailwatch replay: " + noise + ": truncated or damaged: "), replay.err());
        assertTrue(!Files.exists(dir.resolve("report")), "no report from a damaged export");
    }

    @Test
    void importOfACorruptNoiseFileFailsNamingIt() throws Exception {
        Path export = dir.resolve("export");
        SimulatedExport.write(export, "r1", 300);
        Path noise = export.resolve("noise.avro");
        try (RandomAccessFile file = new RandomAccessFile(noise.toFile(), "rw")) {
            file.seek(file.length() / 2);
            file.write(new byte[64]);
        }
        CliRun run = CliRun.of("import", "--bootstrap", NO_BROKER, "--input", export.toString());
        assertEquals(2, run.exitCode());
        assertEquals(1, run.errLines().length, run.err());
        assertTrue(run.errLines()[0].matches(Pattern.quote("tailwatch import: " + noise + ": not a readable noise export (") + ".+"
                + " after \\d+ records\\); export the run again \\(nothing was imported\\)"), run.err());
    }

    @Test
    void replayToAnOutUnderAFileSaysWhy() throws Exception {
        Path export = dir.resolve("export");
        SimulatedExport.write(export, "r1", 100);
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Path out = file.resolve("report");
        CliRun run = CliRun.of("replay", "--input", export.toString(), "--out", out.toString());
        assertEquals(2, run.exitCode());
        assertEquals(List.of("tailwatch replay: --out " + out + ": cannot write the report: " + file + " is a file, not a folder"),
                List.of(run.errLines()));
    }
}
