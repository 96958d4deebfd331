package dev.tailwatch.cli;

import dev.tailwatch.schema.client.ClientConfigFile;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Where a command's Kafka is and how to connect to it: the bootstrap servers and, for a secured cluster, the
 * client settings of {@code --client-config} (or {@code TAILWATCH_CLIENT_CONFIG}), which every client gets.
 */
record KafkaTarget(String servers, ClientConfigFile client) {

    /** A plain, unsecured broker (the demo's own). */
    static KafkaTarget plain(String servers) {
        return new KafkaTarget(servers, ClientConfigFile.none());
    }

    /** A client's base settings: the file's first, then the bootstrap servers; the caller adds its own. */
    Properties properties() {
        Properties p = client.applyTo(new Properties());
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, servers);
        return p;
    }

    /** The servers: what messages name; the client settings stay out of them (they may hold secrets). */
    @Override
    public String toString() {
        return servers;
    }
}
