package dev.tailwatch.bench.faults;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes the inputs gradually, as trainers would, so that faults land in the middle of the run: at an even
 * pace, except for a burst sent as fast as the producer goes, which builds a backlog for a fault under load.
 * Idempotent with unlimited retries, so a broker restart neither loses nor repeats an input record.
 */
final class PacedPublisher implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final List<InputRecord> inputs;
    private final HarnessConfig config;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean held;

    PacedPublisher(String bootstrap, List<InputRecord> inputs, HarnessConfig config) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
        // One request in flight per connection. With five, a first batch to a partition whose leader was not ready
        // yet (NOT_LEADER_OR_FOLLOWER, moments after the topics were created) was retried after the later batches
        // had been accepted: the broker takes any first sequence from a producer it has no state for, so the
        // retried batch was out of sequence for ever and the publisher stalled.
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        // Longer than any broker restart of a scenario: the producer must ride it out, not give up.
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        this.inputs = inputs;
        this.config = config;
        this.thread = new Thread(this::publish, "fault-harness-publisher");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /**
     * Stops sending after the current record until {@link #release()}: a joining instance gets its partitions while
     * input is still to come. The pause is left out of the pace, and the bytes sent are the same.
     */
    void hold() {
        held = true;
    }

    void release() {
        held = false;
    }

    /** Input records the broker has acknowledged. */
    long published() {
        return acknowledged.get();
    }

    /** The first send that failed, if any: then the scenario's inputs differ from the reference's. */
    Exception failure() {
        return failure.get();
    }

    private void publish() {
        int n = inputs.size();
        int burstFrom = (int) Math.round(config.burstFrom() * n);
        int burstTo = (int) Math.round(config.burstTo() * n);
        double pacedPerSecond = (n - (burstTo - burstFrom)) / config.pacedSeconds();
        long startNanos = System.nanoTime();
        long paced = 0;
        long burstStarted = 0;
        try {
            for (int i = 0; i < n; i++) {
                InputRecord r = inputs.get(i);
                if (held) {
                    long heldFrom = System.nanoTime();
                    while (held) {
                        Thread.sleep(5);
                    }
                    startNanos += System.nanoTime() - heldFrom;
                    if (i >= burstFrom && i < burstTo) {
                        burstStarted += System.nanoTime() - heldFrom;
                    }
                }
                if (i == burstFrom) {
                    burstStarted = System.nanoTime();
                }
                producer.send(new ProducerRecord<>(r.topic(), r.partition(), r.timestampMs(), r.key(), r.value()),
                        (metadata, e) -> {
                            if (e == null) {
                                acknowledged.incrementAndGet();
                            } else {
                                failure.compareAndSet(null, e);
                            }
                        });
                if (i < burstFrom || i >= burstTo) {
                    paced++;
                    long dueNanos = startNanos + (long) (paced * 1e9 / pacedPerSecond);
                    long waitMs = (dueNanos - System.nanoTime()) / 1_000_000;
                    if (waitMs > 0) {
                        Thread.sleep(waitMs);
                    }
                } else if (i == burstTo - 1) {
                    // The burst's time is not part of the paced schedule, or the records after it would rush to catch up.
                    startNanos += System.nanoTime() - burstStarted;
                }
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
