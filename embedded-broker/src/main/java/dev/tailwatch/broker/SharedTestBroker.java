package dev.tailwatch.broker;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * One broker per JVM for integration tests, started on first use and closed by a shutdown hook.
 *
 * <p>Starting a broker costs seconds, so test classes share this one and keep out of each other's way
 * with their own topics ({@link #uniqueTopics}), run ids, consumer groups and Streams application ids.
 * It lives in the main artifact so every module's tests can use it without a test-jar:
 *
 * <pre>{@code
 * SharedTestBroker.TopicSet topics = SharedTestBroker.uniqueTopics(Topics.newTopics(3, (short) 1));
 * String noise = topics.name("tailwatch.noise");            // e.g. "tailwatch.noise-k3x9a1"
 * props.put("bootstrap.servers", SharedTestBroker.bootstrapServers());
 * }</pre>
 *
 * <p>Auto-created topics get 2 partitions, so per-partition code paths run in tests that do not say.
 * Do not close the broker returned by {@link #get()}.
 */
public final class SharedTestBroker {

    private static final int DEFAULT_PARTITIONS = 2;
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private static EmbeddedKafkaBroker broker;
    private static BrokerStartException failure;

    private SharedTestBroker() {
    }

    /**
     * The shared broker, started on the first call (by whichever thread comes first; the others wait).
     *
     * @throws BrokerStartException if it could not start; later calls rethrow it at once rather than
     *                              let every test wait for another failed start
     */
    public static synchronized EmbeddedKafkaBroker get() {
        if (broker == null) {
            if (failure != null) {
                throw new BrokerStartException("the shared test broker failed to start earlier: " + failure.getMessage(), failure);
            }
            try {
                EmbeddedKafkaBroker started = EmbeddedKafkaBroker.builder().partitions(DEFAULT_PARTITIONS).build().start();
                Runtime.getRuntime().addShutdownHook(new Thread(started::close, "tailwatch-shared-test-broker-shutdown"));
                broker = started;
            } catch (BrokerStartException e) {
                failure = e;
                throw e;
            }
        }
        return broker;
    }

    /** {@code 127.0.0.1:PORT} of the shared broker, starting it if needed. */
    public static String bootstrapServers() {
        return get().bootstrapServers();
    }

    /**
     * A name no other call in this JVM returns: {@code base}, a dash and a short unique suffix. Also
     * right for consumer groups, transactional ids and Streams application ids.
     */
    public static String uniqueName(String base) {
        return base + "-" + uniqueSuffix();
    }

    /**
     * Creates, on the shared broker, copies of the given topics under unique names — same partitions,
     * replication and configs (a compacted topic stays compacted) — and waits until they are usable.
     *
     * @param templates for instance the project's catalogue, {@code Topics.newTopics(3, (short) 1)}
     */
    public static TopicSet uniqueTopics(Collection<NewTopic> templates) {
        String suffix = uniqueSuffix();
        Map<String, String> names = new LinkedHashMap<>();
        List<NewTopic> copies = new ArrayList<>();
        for (NewTopic template : templates) {
            String name = template.name() + "-" + suffix;
            if (names.put(template.name(), name) != null) {
                throw new IllegalArgumentException("topic " + template.name() + " is named twice");
            }
            copies.add(renamed(template, name));
        }
        get().createTopics(copies);
        return new TopicSet(suffix, names);
    }

    /** Creates topics with these base names, unique suffixes and the given partitions; see {@link #uniqueTopics(Collection)}. */
    public static TopicSet uniqueTopics(int partitions, String... baseNames) {
        List<NewTopic> templates = new ArrayList<>();
        for (String base : baseNames) {
            templates.add(new NewTopic(base, partitions, (short) 1));
        }
        return uniqueTopics(templates);
    }

    private static String uniqueSuffix() {
        // The counter makes names unique in this JVM; the random part keeps them apart from names a
        // test left in a persistent data directory.
        return Long.toString(SEQUENCE.incrementAndGet(), 36) + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36 * 36), 36);
    }

    private static NewTopic renamed(NewTopic template, String name) {
        NewTopic copy = template.replicasAssignments() != null
                ? new NewTopic(name, template.replicasAssignments())
                : new NewTopic(name,
                        template.numPartitions() > 0 ? Optional.of(template.numPartitions()) : Optional.empty(),
                        template.replicationFactor() > 0 ? Optional.of(template.replicationFactor()) : Optional.empty());
        return template.configs() == null ? copy : copy.configs(template.configs());
    }

    /**
     * Topics made by one {@link #uniqueTopics} call: each base name mapped to the unique name created.
     *
     * @param suffix the suffix all of them share
     * @param names  base name to created name, in the order given
     */
    public record TopicSet(String suffix, Map<String, String> names) {

        /** Copies the map; it is read-only. */
        public TopicSet {
            names = Collections.unmodifiableMap(new LinkedHashMap<>(names));
        }

        /**
         * The created name for a base name.
         *
         * @throws IllegalArgumentException for a base name that was not in the set
         */
        public String name(String baseName) {
            String name = names.get(baseName);
            if (name == null) {
                throw new IllegalArgumentException("no topic " + baseName + " in this set; it has " + names.keySet());
            }
            return name;
        }

        /** Every created name, in the order given. */
        public List<String> all() {
            return List.copyOf(names.values());
        }
    }
}
