package dev.tailwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
