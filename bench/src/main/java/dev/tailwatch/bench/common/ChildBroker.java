package dev.tailwatch.bench.common;

import dev.tailwatch.broker.EmbeddedKafkaBroker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real KRaft broker in a child JVM on this machine, as {@code tailwatch broker} or the compose stack
 * would run it: its threads and garbage collections are not the measured process's. The child prints its
 * bootstrap address on one line and stops when its standard input closes, so it never outlives the bench.
 */
public final class ChildBroker implements AutoCloseable {

    private static final String READY = "tailwatch-child-broker ";

    private final Process process;
    private final String bootstrapServers;

    private ChildBroker(Process process, String bootstrapServers) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
    }

    /** Starts the child with this JVM's class path and waits until its topics exist. */
    public static ChildBroker start(int partitions, String maxHeap) throws IOException {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-Xmx" + maxHeap, "-cp", System.getProperty("java.class.path"),
                ChildBroker.class.getName(), Integer.toString(partitions)))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith(READY)) {
                return new ChildBroker(process, line.substring(READY.length()).trim());
            }
        }
        process.destroyForcibly();
        throw new IOException("the child broker ended before printing its address (exit " + waitFor(process) + ")");
    }

    private static int waitFor(Process process) {
        try {
            return process.waitFor(10, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // already gone
        }
        if (waitFor(process) == -1) {
            process.destroyForcibly();
        }
    }

    /** The child's side: args = partitions per topic. */
    public static void main(String[] args) throws Exception {
        int partitions = Integer.parseInt(args[0]);
        try (EmbeddedKafkaBroker broker = BenchBroker.embeddedWithTopics(partitions)) {
            System.out.println(READY + broker.bootstrapServers());
            System.out.flush();
            // Blocks until the parent closes our stdin or dies.
            while (System.in.read() >= 0) {
                // nothing to read but the end
            }
        }
        System.exit(0);
    }
}
