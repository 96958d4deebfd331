package dev.tailwatch.bench.common;

import dev.tailwatch.broker.EmbeddedKafkaBroker;
import dev.tailwatch.schema.Topics;

/**
 * The real KRaft broker a bench runs against, with the catalogue's topics: in the bench's own JVM (as in the
 * demo) or in a child JVM on the same machine (as {@code tailwatch broker} beside the trainer or processors).
 */
public final class BenchBroker implements AutoCloseable {

    private final AutoCloseable broker;
    private final String bootstrapServers;
    private final String where;

    private BenchBroker(AutoCloseable broker, String bootstrapServers, String where) {
        this.broker = broker;
        this.bootstrapServers = bootstrapServers;
        this.where = where;
    }

    /** @param where {@code child} or {@code in-process}, as the benches' {@code --broker} option takes it */
    public static BenchBroker start(String where, int partitions) throws Exception {
        switch (where) {
            case "child" -> {
                ChildBroker child = ChildBroker.start(partitions, "1g");
                return new BenchBroker(child, child.bootstrapServers(), "its own JVM on this machine");
            }
            case "in-process" -> {
                EmbeddedKafkaBroker embedded = embeddedWithTopics(partitions);
                return new BenchBroker(embedded, embedded.bootstrapServers(), "this JVM");
            }
            default -> throw new IllegalArgumentException("--broker must be child or in-process, was " + where);
        }
    }

    /** A broker in this JVM with the catalogue's topics: the in-process case, and the child broker's own side. */
    static EmbeddedKafkaBroker embeddedWithTopics(int partitions) throws Exception {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().partitions(partitions).build().start();
        broker.createTopics(Topics.newTopics(partitions, (short) 1));
        return broker;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Where the broker runs, in words. */
    public String where() {
        return where;
    }

    @Override
    public void close() throws Exception {
        broker.close();
    }
}
