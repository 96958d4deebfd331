package dev.tailwatch.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void catalogueHasTheSevenTopicsWithUniqueNames() {
        Set<String> names = new HashSet<>();
        for (TopicSpec<?> t : Topics.all()) {
            assertTrue(names.add(t.name()), "duplicate " + t.name());
            assertTrue(t.name().startsWith("tailwatch."));
            assertEquals(t, Topics.byName(t.shortName()));
            assertEquals(t, Topics.byName(t.name()));
        }
        assertEquals(Set.of("tailwatch.runs", "tailwatch.noise", "tailwatch.metrics", "tailwatch.alpha",
                "tailwatch.events", "tailwatch.layer-stats", "tailwatch.dlq"), names);
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Topics.byName("nois"));
        assertTrue(unknown.getMessage().contains("noise"), unknown.getMessage());
    }

    @Test
    void onlyTheRunsTopicIsCompacted() {
        List<NewTopic> topics = Topics.newTopics(3, (short) 1);
        for (NewTopic t : topics) {
            String policy = t.configs().get("cleanup.policy");
            assertEquals(t.name().equals("tailwatch.runs") ? "compact" : "delete", policy, t.name());
            assertEquals(3, t.numPartitions());
            assertEquals(1, t.replicationFactor());
        }
    }

    @Test
    void everyTypeAndFieldOfEveryContractIsDocumented() {
        Set<String> seen = new HashSet<>();
        for (TopicSpec<?> t : Topics.all()) {
            assertDocumented(SpecificData.getForClass(t.valueType()).getSchema(t.valueType()), seen);
        }
        assertTrue(seen.contains("dev.tailwatch.schema.avro.ProbeConfig"), "nested records are checked too: " + seen);
    }

    private static void assertDocumented(Schema schema, Set<String> seen) {
        switch (schema.getType()) {
            case UNION -> schema.getTypes().forEach(s -> assertDocumented(s, seen));
            case ARRAY -> assertDocumented(schema.getElementType(), seen);
            case MAP -> assertDocumented(schema.getValueType(), seen);
            case RECORD, ENUM -> {
                if (!seen.add(schema.getFullName())) {
                    return;
                }
                assertTrue(schema.getDoc() != null && !schema.getDoc().isBlank(), schema.getFullName() + " has no doc");
                if (schema.getType() == Schema.Type.RECORD) {
                    for (Schema.Field field : schema.getFields()) {
                        assertTrue(field.doc() != null && !field.doc().isBlank(),
                                schema.getName() + "." + field.name() + " has no doc");
                        assertDocumented(field.schema(), seen);
                    }
                }
            }
            default -> {
            }
        }
    }
}
