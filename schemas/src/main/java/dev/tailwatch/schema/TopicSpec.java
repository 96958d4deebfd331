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
    private final String shortName;
    private final AvroSerde<V> valueSerde;
    private final boolean compacted;
    private final String description;

    TopicSpec(String shortName, Class<V> valueType, boolean compacted, String description) {
        this.name = "tailwatch." + shortName;
        this.shortName = shortName;
        this.valueSerde = new AvroSerde<>(valueType);
        this.compacted = compacted;
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

    public Class<V> valueType() {
        return valueSerde.type();
    }

    /** Keys are run ids (the dead-letter topic keeps the original key, as text when it is text). */
    public Serde<String> keySerde() {
        return Serdes.String();
    }

    public AvroSerde<V> valueSerde() {
        return valueSerde;
    }

    public boolean compacted() {
        return compacted;
    }

    public String description() {
        return description;
    }

    /** The topic to create, with the cleanup policy it needs. */
    public NewTopic newTopic(int partitions, short replicationFactor) {
        Map<String, String> configs = new HashMap<>();
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG,
                compacted ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE);
        return new NewTopic(name, Optional.of(partitions), Optional.of(replicationFactor)).configs(configs);
    }

    @Override
    public String toString() {
        return name;
    }
}
