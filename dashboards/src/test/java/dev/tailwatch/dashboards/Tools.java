package dev.tailwatch.dashboards;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Finding and running the Prometheus tools the tests need. */
final class Tools {

    private Tools() {
    }

    /** The first executable of the given names on PATH. */
    static Optional<Path> onPath(String... names) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String name : names) {
            for (String dir : path.split(File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The tool, or: skips the test (with the reason) on a developer machine, and fails it on CI (env CI
     * set), where a missing tool must not turn a test green.
     */
    static Path require(String what, String install, String... names) {
        Optional<Path> tool = onPath(names);
        if (tool.isEmpty()) {
            String message = what + " (" + String.join(" or ", names) + ") is not on PATH; install it with `" + install + "`";
            if (System.getenv("CI") != null) {
                fail(message + " — CI is set, so this is a failure, not a skip");
            }
            assumeTrue(false, message + " — skipped (set CI to make this a failure)");
        }
        return tool.get();
    }

    record Result(int exitCode, String output) {
    }

    /** Runs a command in the module directory; stdout and stderr together. */
    static Result run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        return run(command, Map.of(), timeoutSeconds);
    }

    /** Runs a command in the module directory with extra environment variables; stdout and stderr together. */
    static Result run(List<String> command, Map<String, String> environment, long timeoutSeconds)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile("tailwatch-tool-", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(ProjectFiles.MODULE.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            Process p = builder.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
