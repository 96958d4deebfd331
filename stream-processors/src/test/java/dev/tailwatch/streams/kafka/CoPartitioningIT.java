package dev.tailwatch.streams.kafka;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tailwatch.broker.SharedTestBroker;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/** Input topics with different partition counts would split a run over tasks: the processors refuse to start. */
class CoPartitioningIT {

    @Test
    void inputTopicsWithDifferentPartitionCountsAreRefusedWithTheCounts() {
        String bootstrap = SharedTestBroker.bootstrapServers();
        SharedTestBroker.TopicSet mixed = SharedTestBroker.uniqueTopics(List.of(
                new NewTopic("runs", 3, (short) 1), new NewTopic("noise", 2, (short) 1), new NewTopic("metrics", 3, (short) 1)));
        TopicLayoutException e = assertThrows(TopicLayoutException.class,
                () -> TailwatchProcessors.requireCoPartitioned(bootstrap, mixed.all()));
        assertTrue(e.getMessage().contains(mixed.name("noise") + " 2"), e.getMessage());
        assertTrue(e.getMessage().contains(mixed.name("runs") + " 3"), e.getMessage());
        assertTrue(e.getMessage().contains("recreate them with one partition count"), e.getMessage());

        SharedTestBroker.TopicSet even = SharedTestBroker.uniqueTopics(4, "runs", "noise", "metrics");
        assertDoesNotThrow(() -> TailwatchProcessors.requireCoPartitioned(bootstrap, even.all()));
    }
}
