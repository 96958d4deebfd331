package dev.tailwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailwatch.math.MohammadiEstimator;
import dev.tailwatch.math.StableSampler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar as a user runs it: its own JVM, its lib/ class path, its real exit codes. */
class PackagedCliIT {

    @TempDir
    Path dir;

    @Test
    void packagedJarEstimatesAndExitsWithTheDocumentedStatus() throws Exception {
        float[] values = new StableSampler(1.1, 1.0, 3).floats(100_000);
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        Path file = Files.write(dir.resolve("x.f32"), bytes.array());

        Result ok = run("alpha", "--json", "--repeat", "3", file.toString());
        assertEquals(0, ok.code, ok.err);
        JsonNode node = new ObjectMapper().readTree(ok.out.strip());
        assertEquals(new MohammadiEstimator().estimate(values).alpha(), node.get("alpha").doubleValue(), 0.0);

        Result bad = run("alpha", "--json", dir.resolve("nope.f32").toString(), file.toString());
        assertEquals(2, bad.code);
        assertEquals(1, bad.out.strip().split("\\R").length);
        assertTrue(bad.err.contains("nope.f32: no such file"), bad.err);

        Result unknown = run("alpha", "--nonsense");
        assertEquals(2, unknown.code);
    }

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of("target", "tailwatch.jar").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "CLI did not finish");
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }
}
