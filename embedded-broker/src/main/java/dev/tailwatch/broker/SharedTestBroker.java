package dev.tailwatch.broker;

/**
 * One broker per JVM for integration tests: starting a broker costs seconds, so test classes share it
 * and keep apart by using their own topics, run ids and application ids. Closed by a shutdown hook.
 */
public final class SharedTestBroker {

    private static EmbeddedKafkaBroker broker;

    private SharedTestBroker() {
    }

    /** The shared broker, started on first use. */
    public static synchronized EmbeddedKafkaBroker get() {
        if (broker == null) {
            EmbeddedKafkaBroker started = EmbeddedKafkaBroker.builder().partitions(2).build().start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "shared-test-broker-shutdown"));
            broker = started;
        }
        return broker;
    }
}
