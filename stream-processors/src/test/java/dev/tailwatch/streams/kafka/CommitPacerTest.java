package dev.tailwatch.streams.kafka;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CommitPacerTest {

    private final CommitPacer pacer = new CommitPacer(Duration.ofSeconds(5));

    @Test
    void liveInputAsksForOneCommitPerInterval() {
        pacer.processed(10_000, 10_300);
        pacer.processed(10_100, 10_350);
        assertTrue(pacer.commitDue());
        assertFalse(pacer.commitDue(), "nothing new since the last request");
        pacer.processed(15_000, 20_000);
        assertTrue(pacer.commitDue(), "exactly the live age is still live");
    }

    @Test
    void aBacklogLeavesTheCommitsToKafkaStreams() {
        assertFalse(pacer.commitDue(), "no input at all");
        pacer.processed(10_000, 15_001);
        pacer.processed(0, 3_600_000);
        assertFalse(pacer.commitDue());
    }

    @Test
    void aRecordFromAheadOfThisClockIsLive() {
        pacer.processed(20_000, 10_000);
        assertTrue(pacer.commitDue());
    }
}
