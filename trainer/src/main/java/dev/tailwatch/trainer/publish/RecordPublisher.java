package dev.tailwatch.trainer.publish;

import dev.tailwatch.schema.TopicSpec;
import dev.tailwatch.schema.client.ClientConfigFile;
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
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
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
 * acknowledged, the journal is re-sent in order, batch by batch; the journal position moves past the
 * acknowledged prefix of each batch, and records after a gap (a failure in another partition) are sent
 * again — at least once. While a batch is out, newly queued records keep going to the
 * journal, so the queue never fills because the broker is slow.
 *
 * <p>A record Kafka rejects for good (too large, unknown topic, not authorised) cannot be delivered by
 * retrying: it is dropped, counted and logged, and does not hold up the records after it.
 *
 * <p>On {@link #close}: the queue is drained, in-flight records and the journal get the flush timeout,
 * and whatever the broker has not acknowledged by then is left in the journal — records that were in
 * flight ahead of the journal's — reported, and re-sent by the next publisher opened on the same
 * directory. Duplicates come only from records unacknowledged at that moment (they may have been written
 * just before close) or re-sent after a partly failed batch; the processors count a repeated
 * (iteration, layer) as a late sample.
 */
public final class RecordPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RecordPublisher.class);
    /** Wait after a failed send before trying the journal again, so a dead broker is not hammered. */
    private static final long RETRY_BACKOFF_NANOS = 1_000_000_000L;

    private final Producer<String, byte[]> producer;
    private final Journal journal;
    private final BlockingQueue<OutgoingRecord> queue;
    private final int maxInFlight;
    /** How often an idle sender looks at the queue: a quarter of the producer's linger, so it adds little latency. */
    private final long idlePollNanos;
    private final Thread sender;
    private final ArrayDeque<OutgoingRecord> inFlightRecords = new ArrayDeque<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong spilled = new AtomicLong();
    private final AtomicLong resent = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicReference<State> state = new AtomicReference<>(State.OPEN);

    /** Where the publisher is in its life: each phase allows less than the one before. */
    enum Phase {
        /** Offers are taken; records go to the producer, or to the journal while it is behind. */
        OPEN,
        /** close() was called: no more offers; the queue and the journal are still sent until the close deadline. */
        DRAINING,
        /** close() stopped waiting: nothing more goes to the producer; the sender only saves records to the journal. */
        SAVING,
        /**
         * The producer is closed. Its aborted sends complete with errors, and close() saves those records itself,
         * so their callbacks must not save them a second time.
         */
        CLOSED
    }

    /**
     * Everything the sender, the producer's callbacks and close() decide on, as one immutable value that each of
     * those threads changes only through a named transition (compare-and-set): the phase, when a closing publisher
     * stops sending, and whether a failed send holds new records back in the journal until the next re-send, which
     * waits for a back-off.
     *
     * @param closeDeadline   from this moment (System.nanoTime) nothing more goes to the producer; MAX_VALUE while open
     * @param sendFailed      a send failed since the journal was last re-sent: new records follow it into the journal
     * @param resendNotBefore the journal is not re-sent before this moment, so a dead broker is not hammered
     */
    record State(Phase phase, long closeDeadline, boolean sendFailed, long resendNotBefore) {

        static final State OPEN = new State(Phase.OPEN, Long.MAX_VALUE, false, Long.MIN_VALUE);

        boolean takesOffers() {
            return phase == Phase.OPEN;
        }

        /** Whether records may be handed to the producer at {@code now}. */
        boolean sends(long now) {
            return (phase == Phase.OPEN || phase == Phase.DRAINING) && now < closeDeadline;
        }

        boolean mayResend(long now) {
            return sends(now) && now >= resendNotBefore;
        }

        /** close(): only an open publisher starts draining; a second close changes nothing. */
        State draining(long deadline) {
            return phase == Phase.OPEN ? new State(Phase.DRAINING, deadline, sendFailed, resendNotBefore) : this;
        }

        /** close() stops waiting for the sender: from here on it only saves. */
        State saving() {
            return phase == Phase.DRAINING ? new State(Phase.SAVING, closeDeadline, sendFailed, resendNotBefore) : this;
        }

        State closed() {
            return new State(Phase.CLOSED, closeDeadline, sendFailed, resendNotBefore);
        }

        /** A send failed (retriably): hold new records back and re-send the journal after the back-off. */
        State sendFailed(long now) {
            return new State(phase, closeDeadline, true, now + RETRY_BACKOFF_NANOS);
        }

        /** The journal is being re-sent: new records may go straight out again once it is empty. */
        State resending() {
            return new State(phase, closeDeadline, false, resendNotBefore);
        }

        /** Part of a re-sent batch failed: try the journal again after the back-off. */
        State backOff(long now) {
            return new State(phase, closeDeadline, sendFailed, now + RETRY_BACKOFF_NANOS);
        }
    }

    public RecordPublisher(String bootstrapServers, Path journalDirectory, Settings settings) throws IOException {
        this(bootstrapServers, ClientConfigFile.none(), journalDirectory, settings);
    }

    /** A publisher whose producer also takes a secured cluster's client settings ({@code --client-config}). */
    public RecordPublisher(String bootstrapServers, ClientConfigFile client, Path journalDirectory, Settings settings) throws IOException {
        this(newProducer(bootstrapServers, settings.lingerMs(), client), journalDirectory, settings);
    }

    RecordPublisher(Producer<String, byte[]> producer, Path journalDirectory, Settings settings) throws IOException {
        this.producer = producer;
        try {
            this.journal = new Journal(journalDirectory, settings.journalMaxBytes());
        } catch (IOException | RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.maxInFlight = settings.maxInFlight();
        this.idlePollNanos = Math.max(1, Math.min(25, settings.lingerMs() / 4)) * 1_000_000L;
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
     * @param lingerMs          how long records wait to be sent together (the producer's linger.ms)
     */
    public record Settings(int queueCapacity, int maxInFlight, long journalMaxBytes, int lingerMs) {
        /**
         * Sending a step's records on their own costs a produce request per step, and on a small machine
         * the requests' CPU (producer network thread, broker) is what slows training: gathering 100 ms of
         * records into one request cut that CPU per step about 5–10× (broker request handler 0.5–1.7 ms → 0.09–0.15 ms,
         * producer network thread 0.3–1.1 ms → 0.06–0.12 ms; docs/PERFORMANCE.md) for 100 ms more latency.
         */
        public static final int DEFAULT_LINGER_MS = 100;

        public Settings {
            if (queueCapacity < 1 || maxInFlight < 1 || journalMaxBytes < 1 || lingerMs < 0) {
                throw new IllegalArgumentException("publisher settings must be positive (linger ≥ 0): " + queueCapacity
                        + ", " + maxInFlight + ", " + journalMaxBytes + ", " + lingerMs);
            }
        }

        public Settings(int queueCapacity, int maxInFlight, long journalMaxBytes) {
            this(queueCapacity, maxInFlight, journalMaxBytes, DEFAULT_LINGER_MS);
        }

        public static Settings defaults() {
            return new Settings(100_000, 2_000, 2L << 30);
        }

        public Settings withLingerMs(int linger) {
            return new Settings(queueCapacity, maxInFlight, journalMaxBytes, linger);
        }
    }

    private static Producer<String, byte[]> newProducer(String bootstrapServers, int lingerMs, ClientConfigFile client) {
        // First, so that nothing the file holds replaces what follows (it cannot weaken it either: ClientConfigFile refuses that).
        Properties p = client.applyTo(new Properties());
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        // The producer keeps retrying in order instead of failing records: the journal, not a timeout,
        // is what handles a long outage, and a record that timed out might still have been written.
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000);
        p.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        // Large enough that linger, not the batch size, decides when a request goes (the default 16 KiB
        // would send every few noise records on their own).
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, TopicSpec.MAX_PRODUCER_REQUEST_BYTES);
        p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** Never blocks. A full queue (the sender and the journal disk cannot keep up) drops the record and says so. */
    public void offer(OutgoingRecord record) {
        if (!state.get().takesOffers()) {
            throw new IllegalStateException("publisher is closed");
        }
        if (!queue.offer(record)) {
            long n = dropped.incrementAndGet();
            if (n == 1 || n % 1000 == 0) {
                LOG.error("publisher queue full: {} records dropped so far (neither Kafka nor the journal disk keeps up)", n);
            }
        }
    }

    public PublisherStats stats() {
        return new PublisherStats(published.get(), spilled.get(), resent.get(), dropped.get(),
                queue.size() + inFlight.get() + journal.pendingRecords());
    }

    /** False from the close deadline on: the sender then only saves records to the journal. */
    private boolean sending() {
        return state.get().sends(System.nanoTime());
    }

    /** The sender is done once close() was called and nothing is left that it may still send. */
    private boolean senderDone() {
        return !state.get().takesOffers() && queue.isEmpty() && (!journal.hasPending() || !sending());
    }

    private void sendLoop() {
        while (!senderDone()) {
            try {
                // Polled, not waited on: a waiting consumer would make every offer wake this thread, and on a
                // small machine those wake-ups (four or more per training step) cost the training thread.
                OutgoingRecord record = queue.poll();
                if (record != null) {
                    if (!sending() || journal.hasPending() || inFlight.get() >= maxInFlight || state.get().sendFailed()) {
                        spill(record);
                    } else {
                        send(record, null, -1);
                    }
                } else {
                    LockSupport.parkNanos(idlePollNanos);
                    if (Thread.interrupted()) {
                        return;
                    }
                }
                if (journal.hasPending() && inFlight.get() == 0 && state.get().mayResend(System.nanoTime())) {
                    state.updateAndGet(State::resending);
                    resendFromJournal();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException | RuntimeException e) {
                // One bad moment (a full disk, a damaged journal) must not end publishing for the rest of the run.
                LOG.error("publisher: {}; going on", e.toString(), e);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
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

    /** Which records of a journal batch are done (acknowledged, or rejected for good). */
    private static final class ResendBatch {
        private final boolean[] done;

        ResendBatch(int size) {
            done = new boolean[size];
        }

        synchronized void done(int index) {
            done[index] = true;
        }

        /** Records done from the start of the batch without a gap. */
        synchronized int donePrefix() {
            int n = 0;
            while (n < done.length && done[n]) {
                n++;
            }
            return n;
        }
    }

    /** Hands a record to the producer; {@code batch} is null for a direct send, else the journal batch it belongs to. */
    private void send(OutgoingRecord record, ResendBatch batch, int index) throws IOException {
        inFlight.incrementAndGet();
        if (batch == null) {
            // Journal records stay in the journal until acknowledged; only direct sends need saving on close.
            synchronized (inFlightRecords) {
                inFlightRecords.add(record);
            }
        }
        try {
            producer.send(new ProducerRecord<>(record.topic(), record.key(), record.value()),
                    (metadata, error) -> completed(record, batch, index, error));
        } catch (RuntimeException e) {
            // Nothing was handed over, so spilling cannot duplicate.
            synchronized (inFlightRecords) {
                inFlightRecords.remove(record);
            }
            inFlight.decrementAndGet();
            failed();
            if (batch == null) {
                spill(record);
            }
        }
    }

    private void completed(OutgoingRecord record, ResendBatch batch, int index, Exception error) {
        if (error != null && state.get().phase() == Phase.CLOSED) {
            return;
        }
        if (batch == null) {
            synchronized (inFlightRecords) {
                inFlightRecords.remove(record);
            }
        }
        if (error == null) {
            published.incrementAndGet();
            if (batch != null) {
                resent.incrementAndGet();
                batch.done(index);
            }
        } else if (!(error instanceof RetriableException)) {
            long n = dropped.incrementAndGet();
            LOG.error("Kafka rejected a record of {} for good ({}); dropped ({} so far)", record.topic(), error.toString(), n);
            if (batch != null) {
                batch.done(index);
            }
        } else {
            failed();
            LOG.warn("send failed ({}); the record is kept for re-sending", error.toString());
            if (batch == null) {
                try {
                    spill(record);
                } catch (IOException e) {
                    LOG.error("journal failed; record lost", e);
                    dropped.incrementAndGet();
                }
            }
        }
        inFlight.decrementAndGet();
    }

    /**
     * Re-sends one batch from the journal and waits for it — spilling newly queued records meanwhile — then
     * moves the journal position past the batch's acknowledged prefix.
     */
    private void resendFromJournal() throws IOException, InterruptedException {
        List<Journal.Positioned> batch = journal.next(maxInFlight);
        if (batch.isEmpty()) {
            return;
        }
        ResendBatch progress = new ResendBatch(batch.size());
        for (int i = 0; i < batch.size() && !state.get().sendFailed() && sending(); i++) {
            send(batch.get(i).record(), progress, i);
        }
        while (inFlight.get() > 0 && sending()) {
            OutgoingRecord queued = queue.poll(5, TimeUnit.MILLISECONDS);
            if (queued != null) {
                spill(queued);
            }
        }
        // Only the done prefix is skipped next time: records after a gap (another partition failed) go again.
        int prefix = progress.donePrefix();
        if (prefix > 0) {
            journal.acknowledge(batch.get(prefix - 1).positionAfter(), prefix);
        }
        if (prefix < batch.size()) {
            long now = System.nanoTime();
            state.updateAndGet(s -> s.backOff(now));
        }
    }

    private void failed() {
        long now = System.nanoTime();
        state.updateAndGet(s -> s.sendFailed(now));
    }

    /** The current state, for tests. */
    State state() {
        return state.get();
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
        if (state.getAndUpdate(s -> s.draining(deadline)).phase() != Phase.OPEN) {
            return stats();   // closed before: the journal is already saved and closed
        }
        // Not producer.flush(): with an unbounded delivery timeout it waits for ever while the broker is away.
        // Waiting for the acknowledgements below (they come once linger has passed) is the flush.
        try {
            sender.join(Math.max(1, timeout.toMillis()));
            state.updateAndGet(State::saving);
            // Past the deadline the sender only saves what is queued (a send in hand blocks at most max.block.ms).
            sender.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (sender.isAlive()) {
            LOG.error("the publisher thread did not stop; records it still holds may be lost");
        }
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        state.updateAndGet(State::closed);
        producer.close(Duration.ZERO);
        try {
            synchronized (inFlightRecords) {
                // They are older than anything the journal holds: they go first, so the next start keeps order.
                List<OutgoingRecord> unacknowledged = List.copyOf(inFlightRecords);
                int lost = journal.prepend(unacknowledged);
                spilled.addAndGet(unacknowledged.size() - lost);
                dropped.addAndGet(lost);
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
