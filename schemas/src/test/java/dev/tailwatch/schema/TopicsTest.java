package dev.tailwatch.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void catalogueHasTheSevenTopicsWithUniqueNames() {
        Set<String> names = new HashSet<>();
        Set<String> shortNames = new HashSet<>();
        for (TopicSpec<?> t : Topics.all()) {
            assertTrue(names.add(t.name()), "duplicate " + t.name());
            assertTrue(shortNames.add(t.shortName()), "duplicate " + t.shortName());
            assertEquals("tailwatch." + t.shortName(), t.name());
            assertFalse(t.description().isBlank(), t.name());
        }
        assertEquals(Set.of("tailwatch.runs", "tailwatch.noise", "tailwatch.metrics", "tailwatch.alpha",
                "tailwatch.events", "tailwatch.layer-stats", "tailwatch.dlq"), names);
    }

    @Test
    void lookupTakesTheShortOrTheFullNameAndListsTheKnownOnesWhenItFails() {
        assertSame(Topics.NOISE, Topics.byName("noise"));
        assertSame(Topics.LAYER_STATS, Topics.byName("layer-stats"));
        assertSame(Topics.DLQ, Topics.byName("tailwatch.dlq"));
        for (TopicSpec<?> t : Topics.all()) {
            assertSame(t, Topics.byName(t.shortName()));
            assertSame(t, Topics.byName(t.name()));
        }
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Topics.byName("nois"));
        assertTrue(unknown.getMessage().contains("'nois'") && unknown.getMessage().contains("noise"),
                unknown.getMessage());
    }

    @Test
    void everyTopicHasASerdeThatRoundTripsItsOwnRecords() {
        Map<Class<?>, SpecificRecord> samples = new HashMap<>();
        SampleRecords.all().forEach(r -> samples.put(r.getClass(), r));
        for (TopicSpec<?> t : Topics.all()) {
            assertNotNull(t.keySerde(), t.name());
            assertEquals("run-7", t.keySerde().deserializer().deserialize(t.name(),
                    t.keySerde().serializer().serialize(t.name(), "run-7")));
            SpecificRecord sample = samples.get(t.valueType());
            assertNotNull(sample, "no sample record of " + t.valueType());
            assertEquals(sample, roundTrip(t, sample), t.name());
        }
    }

    @Test
    void onlyTheRunsTopicIsCompactedAndOnlyTheDeadLettersAreNotKeyedByRun() {
        for (TopicSpec<?> t : Topics.all()) {
            assertEquals(t == Topics.RUNS, t.compacted(), t.name());
            assertEquals(t == Topics.RUNS ? "compact" : "delete", t.cleanupPolicy(), t.name());
            assertEquals(t != Topics.DLQ, t.keyedByRunId(), t.name());
        }
    }

    @Test
    void theInputTopicsSuggestOnePartitionCount() {
        // The processors read runs, noise and metrics of one run from the same-numbered partitions.
        assertEquals(Topics.RUNS.suggestedPartitions(), Topics.NOISE.suggestedPartitions());
        assertEquals(Topics.RUNS.suggestedPartitions(), Topics.METRICS.suggestedPartitions());
        for (TopicSpec<?> t : Topics.all()) {
            assertTrue(t.suggestedPartitions() >= 1, t.name());
        }
    }

    @Test
    void newTopicsCarryPartitionsReplicationAndCleanupPolicy() {
        List<NewTopic> suggested = Topics.newTopics((short) 3);
        assertEquals(Topics.all().size(), suggested.size());
        for (NewTopic n : suggested) {
            TopicSpec<?> spec = Topics.byName(n.name());
            assertEquals(spec.suggestedPartitions(), n.numPartitions(), n.name());
            assertEquals(3, n.replicationFactor(), n.name());
            assertEquals(spec.cleanupPolicy(), n.configs().get("cleanup.policy"), n.name());
        }
        for (NewTopic n : Topics.newTopics(2, (short) 1)) {
            assertEquals(2, n.numPartitions(), n.name());
            assertEquals(1, n.replicationFactor(), n.name());
            assertEquals(Topics.byName(n.name()).cleanupPolicy(), n.configs().get("cleanup.policy"), n.name());
        }
    }

    @SuppressWarnings("unchecked")
    private static <V extends SpecificRecord> V roundTrip(TopicSpec<V> topic, SpecificRecord record) {
        byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), (V) record);
        return topic.valueSerde().deserializer().deserialize(topic.name(), bytes);
    }
}
