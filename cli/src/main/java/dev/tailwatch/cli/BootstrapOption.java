package dev.tailwatch.cli;

import dev.tailwatch.schema.client.ClientConfigException;
import dev.tailwatch.schema.client.ClientConfigFile;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The broker of every command that talks to a running Kafka, declared once so its help reads the same everywhere. */
final class BootstrapOption {

    @Option(names = "--bootstrap", required = true, paramLabel = "B",
            description = "Kafka bootstrap servers, e.g. 127.0.0.1:9092 (as printed by tailwatch broker).")
    String servers;

    @Option(names = "--client-config", paramLabel = "FILE",
            description = "Kafka client properties for a secured cluster (security.protocol, sasl.*, ssl.*), given to every "
                    + "client this command makes. Default: the file named by $" + ClientConfigFile.ENVIRONMENT_VARIABLE + ".")
    Path clientConfig;

    /** Resolved once per command: each resolution reads and checks the file again. */
    private KafkaTarget target;

    /** The broker and how to connect to it; a client-config file that cannot be used is one line. */
    KafkaTarget target() throws BadInputException {
        if (target == null) {
            target = target(servers, clientConfig);
        }
        return target;
    }

    static KafkaTarget target(String servers, Path clientConfig) throws BadInputException {
        try {
            return new KafkaTarget(servers, ClientConfigFile.resolve(clientConfig, System::getenv));
        } catch (ClientConfigException e) {
            throw new BadInputException(e.getMessage());
        }
    }
}
