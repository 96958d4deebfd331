package dev.tailwatch.trainer.publish;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes records for the training thread without ever making it wait on Kafka.
 *
 * <p>{@link #offer} only puts the record on a bounded in-memory queue. A sender thread hands queued
 * records to an idempotent producer (acks=all, unbounded delivery timeout, so the producer itself retries
 * in order and without duplicates while the broker is briefly away). When the broker is away longer —
 * more than {@code maxInFlight} records unacknowledged — new records go to the on-disk {@link Journal}
 * instead, and everything after them follows them there, so order is kept. Once every in-flight record is
 * acknowledged, the journal is re-sent in order, then direct sending resumes.
 *
 * <p>On {@link #close}: the queue is drained, in-flight records get the flush timeout, and whatever the
 * broker has not acknowledged by then is left in the journal, reported, and re-sent by the next publisher
 * opened on the same directory. Only records unacknowledged at that moment may arrive twice (they may have
 * been written just before close); the processors count a repeated (iteration, layer) as a late sample.
 */
public final class RecordPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RecordPublisher.class);

    private final Producer<String, byte[]> producer;
    private final Journal journal;
    private final BlockingQueue<OutgoingRecord> queue;
    private final int maxInFlight;
    private final Thread sender;
    private final ArrayDeque<OutgoingRecord> inFlightRecords = new ArrayDeque<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong spilled = new AtomicLong();
    private final AtomicLong resent = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closing;
    /** While closing, the journal is still re-sent until this moment (System.nanoTime). */
    private volatile long closeDeadline = Long.MAX_VALUE;
    private volatile boolean failedSend;
    /** Set before the producer is closed: its aborted sends are then saved by close(), not by their callbacks. */
    private volatile boolean producerClosed;

    public RecordPublisher(String bootstrapServers, Path journalDirectory, Settings settings) throws IOException {
        this(newProducer(bootstrapServers), journalDirectory, settings);
    }

    RecordPublisher(Producer<String, byte[]> producer, Path journalDirectory, Settings settings) throws IOException {
        this.producer = producer;
        this.journal = new Journal(journalDirectory, settings.journalMaxBytes());
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.maxInFlight = settings.maxInFlight();
        if (journal.hasPending()) {
            LOG.warn("{} records left in the journal at {} by an earlier run will be re-sent first",
                    journal.pendingRecords(), journalDirectory);
        }
        this.sender = new Thread(this::sendLoop, "tailwatch-publisher");
        sender.setDaemon(true);
        sender.start();
    }

    /**
     * @param queueCapacity     records the in-memory queue holds; beyond it offers are dropped and counted
     * @param maxInFlight       unacknowledged records beyond which new ones go to the journal
     * @param journalMaxBytes   disk limit of the journal
     */
    public record Settings(int queueCapacity, int maxInFlight, long journalMaxBytes) {
        public static Settings defaults() {
            return new Settings(100_000, 2_000, 2L << 30);
        }
    }

    private static Producer<String, byte[]> newProducer(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        // The producer keeps retrying in order instead of failing records: the journal, not a timeout,
        // is what handles a long outage, and a record that timed out might still have been written.
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 << 20);
        p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** Never blocks. A full queue (the disk cannot keep up) drops the record and says so. */
    public void offer(OutgoingRecord record) {
        if (closing) {
            throw new IllegalStateException("publisher is closed");
        }
        if (!queue.offer(record)) {
            long n = dropped.incrementAndGet();
            if (n == 1 || n % 1000 == 0) {
                LOG.error("publisher queue full: {} records dropped so far (the journal disk cannot keep up)", n);
            }
        }
    }

    public PublisherStats stats() {
        return new PublisherStats(published.get(), spilled.get(), resent.get(), dropped.get(),
                queue.size() + inFlight.get() + journal.pendingRecords());
    }

    private void sendLoop() {
        try {
            while (!closing || !queue.isEmpty() || (journal.hasPending() && System.nanoTime() < closeDeadline)) {
                OutgoingRecord record = queue.poll(20, TimeUnit.MILLISECONDS);
                if (record != null) {
                    if (journal.hasPending() || inFlight.get() >= maxInFlight || failedSend) {
                        spill(record);
                    } else {
                        send(record, false, null);
                    }
                }
                if (journal.hasPending() && inFlight.get() == 0 && System.nanoTime() < closeDeadline) {
                    failedSend = false;
                    resendFromJournal();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.error("journal failed; records may be lost", e);
        }
    }

    private void spill(OutgoingRecord record) throws IOException {
        if (journal.append(record)) {
            spilled.incrementAndGet();
        } else {
            long n = dropped.incrementAndGet();
            LOG.error("journal is at its disk limit: record dropped ({} so far)", n);
        }
    }

    private void send(OutgoingRecord record, boolean fromJournal, Runnable onAck) {
        inFlight.incrementAndGet();
        if (!fromJournal) {
            // Journal records stay in the journal until acknowledged; only direct sends need saving on close.
            synchronized (inFlightRecords) {
                inFlightRecords.add(record);
            }
        }
        try {
            producer.send(new ProducerRecord<>(record.topic(), record.key(), record.value()), (metadata, error) -> {
                if (error != null && producerClosed) {
                    return;
                }
                synchronized (inFlightRecords) {
                    inFlightRecords.remove(record);
                }
                if (error == null) {
                    published.incrementAndGet();
                    if (fromJournal) {
                        resent.incrementAndGet();
                    }
                    if (onAck != null) {
                        onAck.run();
                    }
                } else {
                    failedSend = true;
                    LOG.warn("send failed ({}); the record is kept for re-sending", error.toString());
                    if (!fromJournal) {
                        try {
                            spill(record);
                        } catch (IOException e) {
                            LOG.error("journal failed; record lost", e);
                        }
                    }
                }
                inFlight.decrementAndGet();
            });
        } catch (RuntimeException e) {
            // Metadata unavailable within max.block.ms: nothing was handed over, so spilling cannot duplicate.
            synchronized (inFlightRecords) {
                inFlightRecords.remove(record);
            }
            inFlight.decrementAndGet();
            failedSend = true;
            if (!fromJournal) {
                try {
                    spill(record);
                } catch (IOException io) {
                    LOG.error("journal failed; record lost", io);
                }
            }
        }
    }

    /** Re-sends one batch from the journal and waits for it, then records the acknowledged position. */
    private void resendFromJournal() throws IOException, InterruptedException {
        List<Journal.Positioned> batch = journal.next(maxInFlight);
        if (batch.isEmpty()) {
            return;
        }
        AtomicInteger acked = new AtomicInteger();
        for (Journal.Positioned p : batch) {
            send(p.record(), true, acked::incrementAndGet);
            if (failedSend) {
                break;
            }
        }
        while (inFlight.get() > 0 && System.nanoTime() < closeDeadline) {
            Thread.sleep(5);
        }
        // Acknowledgements of one key's records come in order; across keys a failure leaves a gap, so only
        // a fully acknowledged batch moves the position (a partial one is re-sent whole, at least once).
        if (acked.get() == batch.size()) {
            journal.acknowledge(batch.get(batch.size() - 1).positionAfter(), batch.size());
        }
    }

    /**
     * Sends what is queued, waits up to {@code timeout} for acknowledgements, and leaves the rest in the
     * journal for the next start. Returns the final counts.
     */
    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    public PublisherStats close(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        closeDeadline = deadline;
        closing = true;
        // Not producer.flush(): with an unbounded delivery timeout it waits for ever while the broker is away.
        // Linger is a few milliseconds, so waiting for the acknowledgements below is the flush.
        try {
            sender.join(Math.max(1, timeout.toMillis()));
            // Past the deadline the sender only finishes the record in hand (a send blocks at most max.block.ms).
            sender.join(3_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        producerClosed = true;
        producer.close(Duration.ZERO);
        try {
            synchronized (inFlightRecords) {
                // They are older than anything the journal holds: they go first, so the next start keeps order.
                journal.prepend(List.copyOf(inFlightRecords));
                spilled.addAndGet(inFlightRecords.size());
                inFlightRecords.clear();
            }
            for (OutgoingRecord r; (r = queue.poll()) != null; ) {
                spill(r);
            }
            journal.flush();
            journal.close();
        } catch (IOException e) {
            LOG.error("could not save unsent records to the journal", e);
        }
        inFlight.set(0);
        return stats();
    }
}
