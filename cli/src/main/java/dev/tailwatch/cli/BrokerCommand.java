package dev.tailwatch.cli;

import dev.tailwatch.broker.EmbeddedKafkaBroker;
import dev.tailwatch.schema.Topics;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tailwatch broker}: a real single-node KRaft Kafka broker on loopback, until Ctrl-C. */
@Command(name = "broker",
        mixinStandardHelpOptions = true,
        description = {"Run a real single-node Kafka broker (KRaft) on 127.0.0.1 with tailwatch's topics, until Ctrl-C.",
                "With --data-dir the log is kept there, and a later start on the same directory serves it again."})
final class BrokerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "P", defaultValue = "9092",
            description = "Client port (default ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    @Option(names = "--data-dir", paramLabel = "D", description = "Keep the log here (default: a temporary directory removed on exit).")
    Path dataDir;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "3",
            description = "Partitions of tailwatch's topics when they are created (default ${DEFAULT-VALUE}).")
    int partitions;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (partitions < 1) {
            err.println("tailwatch broker: --partitions must be at least 1, was " + partitions);
            return OneLineUsageErrors.BAD_INPUT;
        }
        if (dataDir != null && Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
            err.println("tailwatch broker: --data-dir " + dataDir + " is a file, not a directory");
            return OneLineUsageErrors.BAD_INPUT;
        }
        EmbeddedKafkaBroker broker;
        try {
            broker = EmbeddedKafkaBroker.builder().port(port).dataDir(dataDir).partitions(partitions).build().start();
            broker.createTopics(Topics.newTopics(partitions, (short) 1));
        } catch (RuntimeException e) {
            err.println("tailwatch broker: cannot start on 127.0.0.1:" + port + (dataDir == null ? "" : " with data dir " + dataDir)
                    + ": " + rootMessage(e) + " (is the port in use? try --port 0)");
            return OneLineUsageErrors.BAD_INPUT;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "tailwatch-broker-shutdown"));
        out.println("bootstrap: " + broker.bootstrapServers());
        out.flush();
        err.println("tailwatch broker: log in " + broker.dataDir() + (dataDir == null ? " (temporary)" : "") + "; Ctrl-C stops it");
        err.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
