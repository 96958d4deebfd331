package dev.tailwatch.trainer.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * is unacknowledged for the next start, and the journal's disk cap.
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
}
