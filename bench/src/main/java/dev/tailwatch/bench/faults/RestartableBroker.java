package dev.tailwatch.bench.faults;

import dev.tailwatch.broker.EmbeddedKafkaBroker;
import dev.tailwatch.schema.Topics;
import java.nio.file.Path;

/**
 * The scenario's KRaft broker in this JVM, on a data directory of its own, that can be stopped and started
 * again on the same directory and ports: clients that keep the bootstrap address find it again.
 */
final class RestartableBroker implements AutoCloseable {

    private final Path dataDir;
    private EmbeddedKafkaBroker broker;
    private int port;
    private int controllerPort;

    private RestartableBroker(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** A fresh broker with the catalogue's topics, each with {@code partitions} partitions. */
    static RestartableBroker start(Path dataDir, int partitions) {
        RestartableBroker b = new RestartableBroker(dataDir);
        b.broker = EmbeddedKafkaBroker.builder().dataDir(dataDir).partitions(partitions).build().start();
        b.port = b.broker.port();
        b.controllerPort = b.broker.controllerPort();
        b.broker.createTopics(Topics.newTopics(partitions, (short) 1));
        return b;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** A clean shutdown, {@code down} without a broker, then a new broker on the same log and ports. */
    void restart(java.time.Duration down) throws InterruptedException {
        broker.close();
        Thread.sleep(down.toMillis());
        broker = EmbeddedKafkaBroker.builder().dataDir(dataDir).port(port).controllerPort(controllerPort).build().start();
    }

    @Override
    public void close() {
        broker.close();
    }
}
