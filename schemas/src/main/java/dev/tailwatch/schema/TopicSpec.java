package dev.tailwatch.schema;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * One topic of the catalogue: its name, key and value Serdes, and how it is created.
 *
 * @param <V> the Avro record type of its values
 */
public final class TopicSpec<V extends SpecificRecord> {

    private final String name;
    /**
     * The one record-size limit of tailwatch: producers send requests of up to 16 MiB, a noise record larger
     * than that is a dead letter, and the topics take the request plus room for the batch header.
     */
    public static final int MAX_PRODUCER_REQUEST_BYTES = 16 << 20;
    /** The largest record the topics take: {@link #MAX_PRODUCER_REQUEST_BYTES} plus room for the batch header. */
    public static final int MAX_RECORD_BYTES = MAX_PRODUCER_REQUEST_BYTES + (64 << 10);

    private final String shortName;
    private final AvroSerde<V> valueSerde;
    private final boolean compacted;
    private final boolean keyedByRunId;
    private final int suggestedPartitions;
    private final String description;

    TopicSpec(String shortName, Class<V> valueType, boolean compacted, boolean keyedByRunId,
              int suggestedPartitions, String description) {
        this.name = "tailwatch." + shortName;
        this.shortName = shortName;
        this.valueSerde = new AvroSerde<>(valueType);
        this.compacted = compacted;
        this.keyedByRunId = keyedByRunId;
        this.suggestedPartitions = suggestedPartitions;
        this.description = description;
    }

    /** The topic name, e.g. {@code tailwatch.noise}. */
    public String name() {
        return name;
    }

    /** The name without the prefix, as the CLI takes it, e.g. {@code noise}. */
    public String shortName() {
        return shortName;
    }

    /** The generated Avro class of the values. */
    public Class<V> valueType() {
        return valueSerde.type();
    }

    /** Keys are run ids as UTF-8 text (the dead-letter topic keeps the rejected record's original key). */
    public Serde<String> keySerde() {
        return Serdes.String();
    }

    /** True when the key is the run id; false for the dead-letter topic, which keeps the original key. */
    public boolean keyedByRunId() {
        return keyedByRunId;
    }

    /** The Serde of the values; shared and thread-safe. */
    public AvroSerde<V> valueSerde() {
        return valueSerde;
    }

    /** True when the topic keeps only the latest record per key. */
    public boolean compacted() {
        return compacted;
    }

    /** {@code compact} or {@code delete}, as the topic's {@code cleanup.policy}. */
    public String cleanupPolicy() {
        return compacted ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE;
    }

    /** Partitions to create when the operator has no better number; see {@link Topics}. */
    public int suggestedPartitions() {
        return suggestedPartitions;
    }

    /** One line on what the topic carries. */
    public String description() {
        return description;
    }

    /** The topic to create with its suggested partitions and the cleanup policy it needs. */
    public NewTopic newTopic(short replicationFactor) {
        return newTopic(suggestedPartitions, replicationFactor);
    }

    /** The topic to create, with the cleanup policy it needs. */
    public NewTopic newTopic(int partitions, short replicationFactor) {
        Map<String, String> configs = new HashMap<>();
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy());
        // A noise record of a large layer sample can pass Kafka's 1 MiB default; the clients allow 16 MiB.
        configs.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MAX_RECORD_BYTES));
        return new NewTopic(name, Optional.of(partitions), Optional.of(replicationFactor)).configs(configs);
    }

    @Override
    public String toString() {
        return name;
    }
}
