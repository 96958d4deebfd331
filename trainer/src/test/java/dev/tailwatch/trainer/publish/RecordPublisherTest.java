package dev.tailwatch.trainer.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publisher's paths without a broker, on Kafka's MockProducer (each send is completed or failed by the
 * test): spill on a retriable failure and re-send in order, a permanent failure dropped, close keeping what
 * is unacknowledged for the next start, and the journal's disk cap; and the state's transitions (open, draining,
 * saving, closed; a failed send and its back-off) each where it changes what happens to a record.
 */
class RecordPublisherTest {

    @TempDir
    Path dir;

    private static final RecordPublisher.Settings SETTINGS = new RecordPublisher.Settings(100, 10, 1 << 20, 1);

    private static MockProducer<String, byte[]> producer(boolean autoComplete) {
        return new MockProducer<>(autoComplete, null, new StringSerializer(), new ByteArraySerializer());
    }

    private static OutgoingRecord record(int i) {
        return new OutgoingRecord("noise", "k" + i, new byte[60]);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    private static List<String> keys(MockProducer<String, byte[]> producer) {
        return producer.history().stream().map(ProducerRecord::key).toList();
    }

    @Test
    void aRetriableFailureSpillsAndTheJournalIsResentInOrder() throws Exception {
        MockProducer<String, byte[]> producer = producer(false);
        RecordPublisher publisher = new RecordPublisher(producer, dir, SETTINGS);
        publisher.offer(record(0));
        await(() -> producer.history().size() == 1, "the first send");
        producer.errorNext(new TimeoutException("broker away"));
        await(() -> publisher.stats().spilled() == 1, "the failed record in the journal");
        publisher.offer(record(1));
        await(() -> publisher.stats().spilled() == 2, "the next record behind it in the journal, not sent around it");
        // After the back-off the journal goes out again, oldest first.
        await(() -> producer.history().size() == 3, "the re-send");
        assertEquals(List.of("k0", "k0", "k1"), keys(producer));
        assertTrue(producer.completeNext() && producer.completeNext());
        PublisherStats stats = publisher.close(Duration.ofSeconds(5));
        assertEquals(2, stats.published());
        assertEquals(2, stats.resent());
        assertEquals(0, stats.pending());
        assertEquals(0, stats.dropped());
    }

    @Test
    void aPermanentFailureIsDroppedAndNotRetried() throws Exception {
        MockProducer<String, byte[]> producer = producer(false);
        RecordPublisher publisher = new RecordPublisher(producer, dir, SETTINGS);
        publisher.offer(record(0));
        await(() -> producer.history().size() == 1, "the send");
        producer.errorNext(new RecordTooLargeException("too large"));
        await(() -> publisher.stats().dropped() == 1, "the drop");
        Thread.sleep(1_500);
        assertEquals(1, producer.history().size(), "not re-sent after the back-off");
        PublisherStats stats = publisher.close(Duration.ofSeconds(1));
        assertEquals(0, stats.spilled());
        assertEquals(0, stats.pending());
    }

    @Test
    void closeKeepsWhatIsUnacknowledgedAndTheNextStartSendsIt() throws Exception {
        MockProducer<String, byte[]> first = producer(false);
        RecordPublisher publisher = new RecordPublisher(first, dir, SETTINGS);
        for (int i = 0; i < 3; i++) {
            publisher.offer(record(i));
        }
        await(() -> first.history().size() == 3, "three sends");
        PublisherStats atClose = publisher.close(Duration.ofMillis(200));
        assertEquals(3, atClose.pending(), "kept in the journal");
        assertEquals(0, atClose.dropped());

        MockProducer<String, byte[]> second = producer(true);
        RecordPublisher next = new RecordPublisher(second, dir, SETTINGS);
        await(() -> next.stats().resent() == 3, "the next start re-sends them");
        assertEquals(List.of("k0", "k1", "k2"), keys(second));
        assertEquals(0, next.close(Duration.ofSeconds(5)).pending());
    }

    @Test
    void theJournalsDiskCapDropsAndCounts() throws Exception {
        MockProducer<String, byte[]> producer = producer(false);
        // Room for one 60-byte record on disk (12 + 5 + 2 + 60 = 79 bytes), not two.
        RecordPublisher publisher = new RecordPublisher(producer, dir, new RecordPublisher.Settings(100, 10, 100, 1));
        publisher.offer(record(0));
        await(() -> producer.history().size() == 1, "the send");
        producer.errorNext(new TimeoutException("broker away"));
        await(() -> publisher.stats().spilled() == 1, "the first record in the journal");
        publisher.offer(record(1));
        await(() -> publisher.stats().dropped() == 1, "the second dropped at the cap");
        assertEquals(1, publisher.stats().spilled());
        publisher.close(Duration.ofMillis(100));
    }

    /**
     * close() while records are in flight and the broker never answers: they are saved once, by close(); when the
     * closed producer then fails them (a real producer aborts its unsent batches on close), their callbacks must not
     * save or count them again — the next start sends each exactly once.
     */
    @Test
    void sendsFailingAfterCloseAreSavedOnceByCloseNotAgainByTheirCallbacks() throws Exception {
        MockProducer<String, byte[]> first = producer(false);
        RecordPublisher publisher = new RecordPublisher(first, dir, SETTINGS);
        for (int i = 0; i < 3; i++) {
            publisher.offer(record(i));
        }
        await(() -> first.history().size() == 3, "three sends");
        PublisherStats atClose = publisher.close(Duration.ofMillis(200));
        assertEquals(RecordPublisher.Phase.CLOSED, publisher.state().phase());
        assertEquals(3, atClose.spilled(), "the unacknowledged records, saved by close()");
        for (int i = 0; i < 3; i++) {
            assertTrue(first.errorNext(new TimeoutException("aborted by close")));
        }
        assertEquals(atClose, publisher.stats(), "the aborted sends change nothing after close");

        MockProducer<String, byte[]> second = producer(true);
        RecordPublisher next = new RecordPublisher(second, dir, SETTINGS);
        await(() -> next.stats().resent() == 3, "the next start re-sends them");
        Thread.sleep(200);
        assertEquals(List.of("k0", "k1", "k2"), keys(second), "each once, in order");
        next.close(Duration.ofSeconds(5));
    }

    /**
     * A retriable failure, then close() before the back-off has passed: draining may not re-send the journal early,
     * the deadline ends sending (nothing more reaches the producer), and the record waits in the journal, not lost.
     */
    @Test
    void aFailureThenCloseKeepsTheRecordForTheNextStart() throws Exception {
        MockProducer<String, byte[]> producer = producer(false);
        RecordPublisher publisher = new RecordPublisher(producer, dir, SETTINGS);
        publisher.offer(record(0));
        await(() -> producer.history().size() == 1, "the send");
        producer.errorNext(new TimeoutException("broker away"));
        await(() -> publisher.stats().spilled() == 1, "the failed record in the journal");
        assertTrue(publisher.state().sendFailed());
        PublisherStats stats = publisher.close(Duration.ofMillis(300));
        assertEquals(1, producer.history().size(), "not re-sent inside the back-off, nor after the deadline");
        assertEquals(1, stats.pending());
        assertEquals(0, stats.dropped());

        MockProducer<String, byte[]> second = producer(true);
        RecordPublisher next = new RecordPublisher(second, dir, SETTINGS);
        await(() -> next.stats().resent() == 1, "the next start re-sends it");
        assertEquals(List.of("k0"), keys(second));
        next.close(Duration.ofSeconds(5));
    }

    /** Draining: what was offered before close() still goes out, and close() returns once it is acknowledged. */
    @Test
    void closeSendsWhatWasOfferedBeforeItAndThenRefusesOffers() throws Exception {
        MockProducer<String, byte[]> producer = producer(true);
        RecordPublisher publisher = new RecordPublisher(producer, dir, SETTINGS);
        for (int i = 0; i < 50; i++) {
            publisher.offer(record(i));
        }
        PublisherStats stats = publisher.close(Duration.ofSeconds(5));
        assertEquals(50, stats.published());
        assertEquals(0, stats.pending());
        assertEquals(50, producer.history().size());
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> publisher.offer(record(50)));
        assertEquals("publisher is closed", refused.getMessage());
        assertEquals(stats, publisher.close(Duration.ofSeconds(5)), "a second close changes nothing");
    }

    /** The transitions themselves: each phase allows less than the one before, and a failure only delays sending. */
    @Test
    void stateTransitions() {
        RecordPublisher.State open = RecordPublisher.State.OPEN;
        assertTrue(open.takesOffers() && open.sends(0) && open.mayResend(0));

        RecordPublisher.State failed = open.sendFailed(1_000);
        assertTrue(failed.sendFailed() && failed.sends(1_000));
        assertFalse(failed.mayResend(1_000 + 999_999_999L), "not within the one-second back-off");
        assertTrue(failed.mayResend(1_000 + 1_000_000_000L));
        assertFalse(failed.resending().sendFailed());
        assertFalse(open.backOff(0).sendFailed());
        assertFalse(open.backOff(0).mayResend(5), "a partly failed batch also waits");

        RecordPublisher.State draining = failed.draining(5_000);
        assertEquals(RecordPublisher.Phase.DRAINING, draining.phase());
        assertFalse(draining.takesOffers());
        assertTrue(draining.sends(4_999) && draining.sendFailed(), "a failure survives into draining");
        assertFalse(draining.sends(5_000), "the deadline ends sending");
        assertEquals(draining, draining.draining(9_000), "a second close keeps the first deadline");

        RecordPublisher.State saving = draining.saving();
        assertEquals(RecordPublisher.Phase.SAVING, saving.phase());
        assertFalse(saving.sends(0), "saving sends nothing, even before the deadline");
        assertEquals(open, open.saving(), "only a draining publisher starts saving");

        RecordPublisher.State closed = saving.closed();
        assertEquals(RecordPublisher.Phase.CLOSED, closed.phase());
        assertFalse(closed.takesOffers() || closed.sends(0));
        assertEquals(closed, closed.draining(1), "closed stays closed");
    }
}
