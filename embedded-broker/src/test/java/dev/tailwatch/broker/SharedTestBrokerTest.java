package dev.tailwatch.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

class SharedTestBrokerTest {

    @Test
    void everyThreadGetsTheSameRunningBroker() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<EmbeddedKafkaBroker>> got = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                got.add(pool.submit((Callable<EmbeddedKafkaBroker>) SharedTestBroker::get));
            }
            EmbeddedKafkaBroker first = got.get(0).get();
            for (Future<EmbeddedKafkaBroker> f : got) {
                assertSame(first, f.get());
            }
            assertTrue(first.isRunning());
            assertEquals(first.bootstrapServers(), SharedTestBroker.bootstrapServers());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void uniqueTopicsAreCreatedUnderFreshNamesWithTheTemplatesSettings() throws Exception {
        List<NewTopic> catalogueLike = List.of(
                new NewTopic("tailwatch.runs", 3, (short) 1)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)),
                new NewTopic("tailwatch.dlq", 1, (short) 1));
        SharedTestBroker.TopicSet one = SharedTestBroker.uniqueTopics(catalogueLike);
        SharedTestBroker.TopicSet two = SharedTestBroker.uniqueTopics(catalogueLike);
        assertNotEquals(one.name("tailwatch.runs"), two.name("tailwatch.runs"));
        assertTrue(one.name("tailwatch.runs").startsWith("tailwatch.runs-"));
        assertEquals(List.of("tailwatch.runs-" + one.suffix(), "tailwatch.dlq-" + one.suffix()), one.all());
        assertThrows(IllegalArgumentException.class, () -> one.name("tailwatch.noise"));

        try (Admin admin = SharedTestBroker.get().admin()) {
            var described = admin.describeTopics(one.all()).allTopicNames().get();
            assertEquals(3, described.get(one.name("tailwatch.runs")).partitions().size());
            assertEquals(1, described.get(one.name("tailwatch.dlq")).partitions().size());
            ConfigResource runs = new ConfigResource(ConfigResource.Type.TOPIC, one.name("tailwatch.runs"));
            assertEquals(TopicConfig.CLEANUP_POLICY_COMPACT, admin.describeConfigs(List.of(runs)).all().get()
                    .get(runs).get(TopicConfig.CLEANUP_POLICY_CONFIG).value());
        }
        SharedTestBroker.TopicSet plain = SharedTestBroker.uniqueTopics(2, "a", "b");
        assertEquals(2, new HashSet<>(plain.all()).size());
    }
}
