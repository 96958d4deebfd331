package dev.tailwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailwatch.math.AlphaResult;
import dev.tailwatch.math.MohammadiEstimator;
import dev.tailwatch.math.StableSampler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlphaCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void jsonCarriesTheEstimatorsExactNumbers() throws IOException {
        float[] values = new StableSampler(1.37, 2.0, 5).floats(40_000);
        Path file = writeF32(values, "noise.f32");
        CliRun run = CliRun.of("alpha", "--json", file.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode node = JSON.readTree(run.outLines()[0]);
        AlphaResult expected = new MohammadiEstimator().estimate(values);
        assertEquals(file.toString(), node.get("file").asText());
        assertEquals(expected.alpha(), node.get("alpha").doubleValue(), 0.0);
        assertEquals(expected.stderr(), node.get("stderr").doubleValue(), 0.0);
        assertEquals(expected.ci95Low(), node.get("ci95").get(0).doubleValue(), 0.0);
        assertEquals(expected.ci95High(), node.get("ci95").get(1).doubleValue(), 0.0);
        assertEquals(200, node.get("k1").intValue());
        assertEquals(200, node.get("k2").intValue());
        assertEquals(40_000, node.get("used").longValue());
        assertEquals(0, node.get("dropped").longValue());
        assertTrue(node.get("seconds").doubleValue() > 0);
        assertTrue(Math.abs(node.get("alpha").doubleValue() - 1.37) < 0.1);
    }

    @Test
    void allThreeFormatsGiveTheSameEstimate() throws IOException {
        float[] values = new StableSampler(0.9, 1.0, 6).floats(9_999);
        values[10] = Float.NaN;
        values[20] = 0f;
        Path f32 = writeF32(values, "v.f32");
        ByteBuffer f64 = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            f64.putDouble(v);
        }
        Path f64File = Files.write(dir.resolve("v.f64"), f64.array());
        String text = "# iteration 7, layer fc1\n" + Arrays.stream(box(values)).map(v -> Double.toString(v))
                .collect(Collectors.joining(", ")).replace("NaN", "nan");
        Path textFile = Files.writeString(dir.resolve("v.txt"), text);

        double a = alphaOf(CliRun.of("alpha", "--json", f32.toString()));
        double b = alphaOf(CliRun.of("alpha", "--json", "--format", "f64le", f64File.toString()));
        double c = alphaOf(CliRun.of("alpha", "--json", "--format", "text", textFile.toString()));
        assertEquals(a, b, 1e-12);
        assertEquals(a, c, 1e-12);
        JsonNode node = JSON.readTree(CliRun.of("alpha", "--json", f32.toString()).outLines()[0]);
        assertEquals(2, node.get("dropped").longValue());
    }

    @Test
    void badFilesGetOneLineEachAndTheOthersStillGetResults() throws IOException {
        Path good = writeF32(new StableSampler(1.5, 1.0, 7).floats(1000), "good.f32");
        Path missing = dir.resolve("missing.f32");
        Path ragged = Files.write(dir.resolve("ragged.f32"), new byte[10]);
        float[] nan = new float[100];
        Arrays.fill(nan, Float.NaN);
        Path allNaN = writeF32(nan, "nan.f32");
        CliRun run = CliRun.of("alpha", "--json", missing.toString(), good.toString(), ragged.toString(), allNaN.toString());
        assertEquals(2, run.exitCode());
        assertEquals(1, run.outLines().length, run.out());
        assertEquals(good.toString(), JSON.readTree(run.outLines()[0]).get("file").asText());
        String[] errors = run.errLines();
        assertEquals(3, errors.length, run.err());
        assertTrue(errors[0].contains(missing.toString()) && errors[0].contains("no such file"), errors[0]);
        assertTrue(errors[1].contains(ragged.toString()) && errors[1].contains("10 bytes")
                && errors[1].contains("multiple of 4"), errors[1]);
        assertTrue(errors[2].contains(allNaN.toString()) && errors[2].contains("0 usable"), errors[2]);
    }

    @Test
    void k1LargerThanNIsAnErrorNamingTheFile() throws IOException {
        Path file = writeF32(new StableSampler(1.5, 1.0, 8).floats(500), "small.f32");
        CliRun run = CliRun.of("alpha", "--k1", "600", file.toString());
        assertEquals(2, run.exitCode());
        assertEquals(1, run.errLines().length);
        assertTrue(run.err().contains(file.toString()) && run.err().contains("K1=600"), run.err());
    }

    @Test
    void unknownOptionsAndBadValuesAreOneLineUsageErrors() {
        CliRun unknown = CliRun.of("alpha", "--frobnicate", "x.f32");
        assertEquals(2, unknown.exitCode());
        assertEquals(1, unknown.errLines().length, unknown.err());
        assertTrue(unknown.err().contains("--frobnicate"), unknown.err());

        CliRun badEstimator = CliRun.of("alpha", "--estimator", "pareto", "x.f32");
        assertEquals(2, badEstimator.exitCode());
        assertTrue(badEstimator.err().contains("pareto"), badEstimator.err());

        CliRun k1ForHill = CliRun.of("alpha", "--estimator", "hill", "--k1", "10", "x.f32");
        assertEquals(2, k1ForHill.exitCode());
        assertTrue(k1ForHill.err().contains("--k1 applies to the mohammadi estimator only"), k1ForHill.err());
    }

    @Test
    void textFormatNamesTheLineOfABadToken() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.txt"), "1.0 2.0\n3.0 abc\n");
        CliRun run = CliRun.of("alpha", "--format", "text", file.toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("line 2") && run.err().contains("'abc'"), run.err());
    }

    @Test
    void otherEstimatorsReportNoBlocks() throws IOException {
        Path file = writeF32(new StableSampler(1.2, 1.0, 9).floats(50_000), "m.f32");
        for (String name : new String[] {"mcculloch", "hill"}) {
            CliRun run = CliRun.of("alpha", "--json", "--estimator", name, "--repeat", "2", file.toString());
            assertEquals(0, run.exitCode(), run.err());
            JsonNode node = JSON.readTree(run.outLines()[0]);
            assertEquals(name, node.get("estimator").asText());
            assertTrue(node.get("k1").isNull() && node.get("k2").isNull());
            assertTrue(node.get("alpha").doubleValue() > 0.5 && node.get("alpha").doubleValue() < 2.0, node.toString());
        }
    }

    @Test
    void plainOutputHasEveryField() throws IOException {
        Path file = writeF32(new StableSampler(1.5, 1.0, 10).floats(1000), "p.f32");
        CliRun run = CliRun.of("alpha", file.toString());
        assertEquals(0, run.exitCode(), run.err());
        for (String field : new String[] {"alpha=", "stderr=", "ci95=[", "k1=", "k2=", "used=", "dropped=", "seconds="}) {
            assertTrue(run.out().contains(field), field + " missing in " + run.out());
        }
    }

    @Test
    void aTextFileReadAsF32leStillGivesAnAlphaButWarnsThatItsValuesAreOneSided() throws IOException {
        StringBuilder text = new StringBuilder();
        for (double v : new StableSampler(1.5, 1.0, 11).doubles(2000)) {
            text.append(v).append('\n');
        }
        while (text.length() % 4 != 0) {
            text.append(' ');
        }
        Path file = Files.writeString(dir.resolve("values.txt"), text);
        // ASCII never sets a float's sign bit: every value the bytes decode to is positive.
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        long plausible = 0;
        while (bytes.hasRemaining()) {
            float v = bytes.getFloat();
            plausible += v > 0 && v >= 1e-30 && v <= 1e30 ? 1 : 0;
        }
        CliRun run = CliRun.of("alpha", file.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(1, run.outLines().length, run.out());
        assertTrue(run.outLines()[0].startsWith(file + ": alpha="), run.out());
        assertEquals(List.of("tailwatch alpha: " + file + ": warning: 100.0 % of its " + plausible + " nonzero f32le values are positive, "
                + "but gradient noise is centred on 0, so the α is probably meaningless; is it a text file (--format text)?"),
                List.of(run.errLines()));

        CliRun asText = CliRun.of("alpha", "--format", "text", file.toString());
        assertEquals(0, asText.exitCode(), asText.err());
        assertEquals("", asText.err(), "read as what it is, no warning");
    }

    @Test
    void aFileOfMostlyNaNStillGivesAnAlphaButWarnsWithTheShare() throws IOException {
        float[] values = new float[400];
        Arrays.fill(values, Float.NaN);
        System.arraycopy(new StableSampler(1.5, 1.0, 12).floats(100), 0, values, 0, 100);
        Path file = writeF32(values, "mostly-nan.f32");
        CliRun run = CliRun.of("alpha", file.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(1, run.outLines().length, run.out());
        assertEquals(List.of("tailwatch alpha: " + file + ": warning: 75.0 % of its 400 f32le values are NaN, infinite or of magnitude "
                + "outside 1e-30…1e30, so the α is probably meaningless; is --format f32le right?"), List.of(run.errLines()));

        Path good = writeF32(new StableSampler(1.5, 1.0, 12).floats(400), "good.f32");
        assertEquals("", CliRun.of("alpha", good.toString()).err(), "SαS noise: no warning");
    }

    private static double alphaOf(CliRun run) throws IOException {
        assertEquals(0, run.exitCode(), run.err());
        return JSON.readTree(run.outLines()[0]).get("alpha").doubleValue();
    }

    private Path writeF32(float[] values, String name) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return Files.write(dir.resolve(name), buffer.array());
    }

    private static Double[] box(float[] values) {
        Double[] out = new Double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (double) values[i];
        }
        return out;
    }
}
