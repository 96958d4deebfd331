package dev.tailwatch.cli;

import dev.tailwatch.broker.BrokerStartException;
import dev.tailwatch.broker.EmbeddedKafkaBroker;
import dev.tailwatch.broker.RoleAcls;
import dev.tailwatch.broker.SecureBrokerFiles;
import dev.tailwatch.schema.Topics;
import dev.tailwatch.streams.kafka.ProcessorSettings;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.NewTopic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tailwatch broker}: a real single-node Kafka broker (KRaft) on 127.0.0.1 with tailwatch's topics,
 * until Ctrl-C.
 *
 * <p>Standard output gets exactly one line, {@code bootstrap: 127.0.0.1:PORT}, so a script can start it in
 * the background and read where to connect; everything else goes to standard error. A failure to start
 * is one line on standard error and exit status 2.
 */
@Command(name = "broker",
        mixinStandardHelpOptions = true,
        description = {"Run a real single-node Kafka broker (KRaft) on 127.0.0.1 with tailwatch's topics, until Ctrl-C.",
                "Prints 'bootstrap: 127.0.0.1:PORT' on stdout once it is ready.",
                "With --data-dir the log is kept there, and a later start on the same directory serves it again."})
final class BrokerCommand implements Callable<Integer> {

    private static final String META_PROPERTIES = "meta.properties";
    /** Where {@code tailwatch demo --data-dir D} keeps its broker log: D/kafka (see DemoCommand). */
    static final String DEMO_BROKER_LOG = "kafka";

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "P", defaultValue = "9092",
            description = "Client port on 127.0.0.1 (default ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    @Option(names = "--data-dir", paramLabel = "D",
            description = "Keep the log here (created if missing). Default: a temporary directory removed on exit.")
    Path dataDir;

    @Option(names = "--partitions", paramLabel = "N",
            description = "Partitions of every tailwatch topic and of auto-created topics. "
                    + "Default: the catalogue's own counts, and 1 for auto-created topics.")
    Integer partitions;

    @Option(names = "--secure", paramLabel = "DIR",
            description = {"A secured broker: SASL_SSL (SCRAM-SHA-512) with a generated CA, ACLs on, and one principal per role.",
                    "Writes DIR/admin.properties, trainer.properties, processors.properties, reader.properties "
                            + "(pass one as --client-config); made once, reused on later starts."})
    Path secure;

    @Override
    public Integer call() throws BadInputException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (port < 0 || port > 65535) {
            throw new BadInputException("--port must be 0 (any free port) or 1-65535, was " + port);
        }
        if (partitions != null && partitions < 1) {
            throw new BadInputException("--partitions must be at least 1, was " + partitions);
        }

        EmbeddedKafkaBroker.Builder builder = EmbeddedKafkaBroker.builder()
                .port(port)
                .dataDir(logDir(dataDir, err))
                .partitions(partitions == null ? 1 : partitions);
        EmbeddedKafkaBroker broker;
        try {
            if (secure != null) {
                builder.secure(SecureBrokerFiles.prepare(secure), roleAcls());
            }
            broker = builder.build();
            broker.start();
        } catch (BrokerStartException e) {
            String hint = switch (e.kind()) {
                case PORT_IN_USE -> port != 0 ? " (choose another --port, or --port 0 for any free one)" : "";
                case DATA_DIR_IN_USE -> " (stop the broker or demo that runs on it, or connect to that one instead)";
                default -> "";
            };
            throw new BadInputException(e.getMessage() + hint);
        }
        try {
            broker.createTopics(catalogueTopics());
        } catch (RuntimeException e) {
            broker.close();
            throw new BadInputException(e.getMessage());
        }

        // Ctrl-C ends the JVM through its shutdown hooks; this one stops the broker cleanly so its log
        // is consistent for the next start on the same data dir.
        CtrlC.ExitWait exit = CtrlC.onExit("tailwatch-broker", broker::close);
        out.println("bootstrap: " + broker.bootstrapServers());
        out.flush();
        err.println("tailwatch broker: data dir " + broker.dataDir()
                + (broker.hasTemporaryDataDir() ? " (temporary, removed on exit)" : "") + "; Ctrl-C stops it");
        if (secure != null) {
            SecureBrokerFiles files = broker.secureFiles();
            err.println("tailwatch broker: SASL_SSL with ACLs; client files (--client-config) in " + files.dir() + ":");
            for (SecureBrokerFiles.Role role : SecureBrokerFiles.Role.values()) {
                err.println("  " + role.user() + "  " + files.roleFile(role));
            }
        }
        err.flush();
        exit.await();
        return 0;
    }

    /**
     * The broker log to use for {@code --data-dir D}: D itself, or D/kafka when D is a demo's data dir
     * (the demo keeps its broker log there and prints D/kafka, but D is the folder a user remembers).
     */
    static Path logDir(Path dataDir, PrintWriter err) {
        if (dataDir == null || Files.exists(dataDir.resolve(META_PROPERTIES))) {
            return dataDir;
        }
        Path demoLog = dataDir.resolve(DEMO_BROKER_LOG);
        if (Files.exists(demoLog.resolve(META_PROPERTIES))) {
            err.println("tailwatch broker: --data-dir " + dataDir + " is a demo's data dir; using its broker log " + demoLog);
            err.flush();
            return demoLog;
        }
        return dataDir;
    }

    /** What each role may do on the catalogue's topics; the processors' grants follow the default application id. */
    static RoleAcls roleAcls() {
        return new RoleAcls(
                List.of(Topics.RUNS.name(), Topics.NOISE.name(), Topics.METRICS.name()),
                List.of(Topics.ALPHA.name(), Topics.EVENTS.name(), Topics.LAYER_STATS.name(), Topics.DLQ.name()),
                ProcessorSettings.DEFAULT_APPLICATION_ID, "tailwatch-");
    }

    private List<NewTopic> catalogueTopics() {
        return partitions == null ? Topics.newTopics((short) 1) : Topics.newTopics(partitions, (short) 1);
    }
}
