package dev.tailwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleCommandTest {

    @TempDir
    Path dir;

    @Test
    void writesValuesWhoseEstimatedAlphaIsTheRequestedOne() throws Exception {
        for (String format : new String[] {"f32le", "f64le", "text"}) {
            Path file = dir.resolve("s." + format);
            CliRun sample = CliRun.of("sample", "--alpha", "0.8", "--count", "250000", "--seed", "4",
                    "--format", format, "--out", file.toString());
            assertEquals(0, sample.exitCode(), sample.err());
            if (!format.equals("text")) {
                assertEquals(250000L * (format.equals("f32le") ? 4 : 8), Files.size(file));
            }
            CliRun alpha = CliRun.of("alpha", "--json", "--format", format, file.toString());
            assertEquals(0, alpha.exitCode(), alpha.err());
            JsonNode node = new ObjectMapper().readTree(alpha.outLines()[0]);
            assertEquals(250000, node.get("used").longValue());
            assertEquals(0.8, node.get("alpha").doubleValue(), 0.03, format);
        }
    }

    @Test
    void rejectsAlphaOutsideTheStableRange() {
        CliRun run = CliRun.of("sample", "--alpha", "2.5", "--count", "10", "--out", dir.resolve("x").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("alpha must be in (0, 2]"), run.err());
    }

    @Test
    void aCountLargerThanTheFreeSpaceIsRefusedBeforeAnythingIsWritten() {
        // /dev/full: were the check gone, the first write would fail at once rather than fill this disk.
        Path out = Path.of("/dev/full");
        assumeTrue(Files.exists(out), "needs /dev/full");
        CliRun run = CliRun.of("sample", "--alpha", "1.5", "--count", "1000000000000000000", "--out", out.toString());
        assertEquals(2, run.exitCode());
        assertEquals(1, run.errLines().length, run.err());
        assertTrue(run.errLines()[0].matches(Pattern.quote("tailwatch sample: --out " + out
                + ": 1000000000000000000 f32le values need 3.5 EiB, but only ") + "[0-9.]+ (bytes|KiB|MiB|GiB|TiB)"
                + Pattern.quote(" are free there; lower --count")), run.err());

        // The count from the report of this problem: refused too, whichever limit it meets first here.
        CliRun reported = CliRun.of("sample", "--alpha", "1.5", "--count", "99999999999", "--out", out.toString());
        assertEquals(2, reported.exitCode());
        assertEquals(1, reported.errLines().length, reported.err());
        assertTrue(reported.err().contains("99999999999 f32le values"), reported.err());
    }

    @Test
    void aFileLargerThanAlphaReadsIsRefusedBeforeAnythingIsWritten() throws Exception {
        assumeTrue(Files.getFileStore(dir).getUsableSpace() > 3_000_000_000L, "needs 3 GB free to reach the size limit first");
        Path out = dir.resolve("big.f32");
        CliRun run = CliRun.of("sample", "--alpha", "1.5", "--count", "600000000", "--out", out.toString());
        assertEquals(2, run.exitCode());
        assertEquals(List.of("tailwatch sample: --count 600000000: 600000000 f32le values make 2.2 GiB, over the 2.0 GiB "
                + "tailwatch alpha reads from one file; write several files with different --seed"), List.of(run.errLines()));
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void anUnwritableOutSaysWhy() throws Exception {
        Path missing = dir.resolve("missing").resolve("x.f32");
        CliRun noFolder = CliRun.of("sample", "--alpha", "1.5", "--count", "10", "--out", missing.toString());
        assertEquals(1, noFolder.exitCode());
        assertEquals(List.of("tailwatch sample: --out " + missing + ": folder " + missing.getParent() + " does not exist (create it first)"),
                List.of(noFolder.errLines()));

        CliRun folder = CliRun.of("sample", "--alpha", "1.5", "--count", "10", "--out", dir.toString());
        assertEquals(1, folder.exitCode());
        assertEquals(List.of("tailwatch sample: --out " + dir + ": " + dir + " is a folder; name a file"), List.of(folder.errLines()));

        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Path underFile = file.resolve("x.f32");
        CliRun underAFile = CliRun.of("sample", "--alpha", "1.5", "--count", "10", "--out", underFile.toString());
        assertEquals(1, underAFile.exitCode());
        assertEquals(List.of("tailwatch sample: --out " + underFile + ": " + file + " is a file, not a folder"), List.of(underAFile.errLines()));
    }

    @Test
    void anOutInAFolderWithoutWritePermissionSaysSo() throws Exception {
        Path readOnly = Files.createDirectory(dir.resolve("read-only"));
        assumeTrue(readOnly.toFile().setWritable(false, false));
        assumeFalse(Files.isWritable(readOnly), "root writes anywhere: no permission case to check");
        Path denied = readOnly.resolve("x.f32");
        CliRun permission = CliRun.of("sample", "--alpha", "1.5", "--count", "10", "--out", denied.toString());
        assertEquals(1, permission.exitCode());
        assertEquals(List.of("tailwatch sample: --out " + denied + ": permission denied: cannot write " + denied), List.of(permission.errLines()));
    }
}
