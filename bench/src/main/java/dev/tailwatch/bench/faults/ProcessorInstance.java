package dev.tailwatch.bench.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code tailwatch process} in a child JVM, as an operator runs it: the harness knows nothing of its
 * insides, it only starts it, kills it ({@code kill -9}) or stops it (SIGTERM). Its output goes to a log
 * file in the scenario's directory.
 */
final class ProcessorInstance {

    /** The cli's main class; the child JVM runs it with the harness's own class path. */
    static final String MAIN = "dev.tailwatch.cli.TailwatchCommand";

    private final String name;
    private final Process process;
    private final long startedMs;

    private ProcessorInstance(String name, Process process, long startedMs) {
        this.name = name;
        this.process = process;
        this.startedMs = startedMs;
    }

    /**
     * Starts {@code tailwatch process} with the given application id and state directory; {@code log} gets
     * its output, appended, so a restarted instance's lines follow the killed one's.
     */
    static ProcessorInstance start(String name, String bootstrap, String applicationId, Path stateDir, int partitions,
                                   Path log) throws IOException {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Files.createDirectories(stateDir);
        List<String> command = List.of(java, "-Xms256m", "-Xmx1g", "-cp", System.getProperty("java.class.path"), MAIN,
                "process", "--bootstrap", bootstrap, "--application-id", applicationId, "--state-dir", stateDir.toString(),
                "--metrics-port", "0", "--partitions", Integer.toString(partitions), "--stream-threads", "1",
                // Stall reports are wall-clock judgements, which no two runs share; keep them out of the outputs.
                "--stall-timeout", "86400");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new ProcessorInstance(name, process, System.currentTimeMillis());
    }

    String name() {
        return name;
    }

    long startedMs() {
        return startedMs;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, and wait until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM (its shutdown hook closes Kafka Streams), and wait up to a minute for it to exit; then SIGKILL. */
    void terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
