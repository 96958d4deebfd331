package dev.tailwatch.bench.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far the processors have got, seen from outside: the input offsets their consumer group has committed.
 * Under exactly-once these commit in the same transaction as the outputs they produced, so a committed
 * offset is processed input whose outputs are visible to read_committed readers. Polled every
 * {@value #POLL_MS} ms on a thread of its own; the timeline of increases gives the resume times.
 */
final class CommitProgress implements AutoCloseable {

    static final long POLL_MS = 100;

    /** A moment at which the committed total was seen to grow. */
    record Step(long timeMs, long committed) {
    }

    private final Admin admin;
    private final String group;
    private final Map<TopicPartition, Long> inputEnds;
    private final long total;
    private final List<Step> steps = new ArrayList<>();
    private final Thread poller;
    private volatile long committed;
    private volatile boolean closed;

    /** @param inputEnds every input partition's offset once all input is published */
    CommitProgress(String bootstrap, String group, Map<TopicPartition, Long> inputEnds) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        // Short timeouts: while the broker restarts a poll fails fast and the next one tries again.
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000);
        this.admin = Admin.create(p);
        this.group = group;
        this.inputEnds = Map.copyOf(inputEnds);
        this.total = inputEnds.values().stream().mapToLong(Long::longValue).sum();
        this.poller = new Thread(this::poll, "fault-harness-progress");
        this.poller.setDaemon(true);
        this.poller.start();
    }

    long total() {
        return total;
    }

    long committed() {
        return committed;
    }

    double fraction() {
        return committed / (double) total;
    }

    boolean complete() {
        return committed >= total;
    }

    /** The committed total read now, retried until the broker answers. */
    long readNow() throws InterruptedException {
        while (true) {
            try {
                return read();
            } catch (Exception e) {
                if (e instanceof InterruptedException i) {
                    throw i;
                }
                Thread.sleep(POLL_MS);
            }
        }
    }

    /**
     * Members of the processors' group that hold input partitions now, or -1 when the broker did not answer: a
     * joined instance counts once the rebalance has given it work, a leaving one must have had some to leave.
     */
    int membersWithPartitions() {
        try {
            return (int) admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get(3, TimeUnit.SECONDS)
                    .members().stream().filter(m -> !m.assignment().topicPartitions().isEmpty()).count();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (Exception e) {
            return -1;
        }
    }

    synchronized List<Step> steps() {
        return List.copyOf(steps);
    }

    private long read() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(3, TimeUnit.SECONDS);
        long sum = 0;
        for (Map.Entry<TopicPartition, Long> end : inputEnds.entrySet()) {
            OffsetAndMetadata at = offsets.get(end.getKey());
            sum += at == null ? 0 : Math.min(at.offset(), end.getValue());
        }
        return sum;
    }

    private void poll() {
        while (!closed) {
            try {
                long now = read();
                long seen = System.currentTimeMillis();
                if (now != committed) {
                    synchronized (this) {
                        steps.add(new Step(seen, now));
                    }
                    committed = now;
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // The broker is restarting or busy; the next poll tries again.
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Waits until the committed fraction reaches {@code fraction} and the backlog is at least {@code minLag}. */
    boolean awaitFraction(double fraction, long minLag, java.util.function.LongSupplier published, long deadlineMs)
            throws InterruptedException {
        while (System.currentTimeMillis() < deadlineMs) {
            long c = committed;
            long out = published.getAsLong();
            if (c >= fraction * total && (minLag == 0 || out - c >= minLag || out >= total)) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    @Override
    public void close() {
        closed = true;
        poller.interrupt();
        try {
            poller.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        admin.close(java.time.Duration.ofSeconds(2));
    }
}
