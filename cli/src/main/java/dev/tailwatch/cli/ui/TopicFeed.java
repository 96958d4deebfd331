package dev.tailwatch.cli.ui;

import dev.tailwatch.schema.TopicSpec;
import dev.tailwatch.schema.Topics;
import dev.tailwatch.schema.UndecodableRecordException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the runs, metrics, alpha, events and layer-stats topics from their beginning and follows them,
 * committed records only, into a {@link RunBoard}. Reading the topics rather than a processor's memory is
 * what lets the page show every run whichever processor instance analysed it, and a run's whole history
 * after a restart. No consumer group: it takes every partition and commits nothing, so it disturbs no one.
 * New topics and partitions are picked up every few seconds (the page may start before the processors).
 */
public final class TopicFeed implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TopicFeed.class.getName());
    private static final List<TopicSpec<?>> TOPICS = List.of(Topics.RUNS, Topics.METRICS, Topics.ALPHA, Topics.EVENTS, Topics.LAYER_STATS);
    private static final Duration REFRESH = Duration.ofSeconds(3);

    private final KafkaConsumer<String, byte[]> consumer;
    private final RunBoard board;
    private final Thread thread;
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong undecodable = new AtomicLong();
    private volatile boolean closing;
    private volatile String problem;

    /** @param kafka client settings with bootstrap.servers (and a secured cluster's settings) */
    public TopicFeed(Properties kafka, RunBoard board) {
        Properties p = new Properties();
        p.putAll(kafka);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "tailwatch-ui");
        // Asking for a topic that does not exist yet must not create it: the processors create theirs with the
        // partition count the inputs must share, and a page started first would otherwise fix it at the broker's default.
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        this.board = board;
        this.thread = new Thread(this::run, "tailwatch-ui-feed");
        thread.setDaemon(true);
    }

    public TopicFeed start() {
        thread.start();
        return this;
    }

    /** Records read so far. */
    public long records() {
        return records.get();
    }

    /** Why the feed last failed to read, or null. */
    public String problem() {
        return problem;
    }

    private void run() {
        Set<TopicPartition> assigned = new HashSet<>();
        Map<TopicPartition, Long> catchUpTo = null;
        long nextRefresh = 0;
        try {
            while (!closing) {
                try {
                    if (System.nanoTime() >= nextRefresh) {
                        refresh(assigned);
                        if (catchUpTo == null) {
                            // "Caught up" means: read to where the topics stood at the start. Partitions that appear
                            // later are read from their beginning too, but nobody waits for them.
                            catchUpTo = new HashMap<>(consumer.endOffsets(assigned, Duration.ofSeconds(10)));
                        }
                        nextRefresh = System.nanoTime() + REFRESH.toNanos();
                    }
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        accept(r);
                    }
                    board.publish();
                    problem = null;
                    if (catchUpTo != null && !board.isCaughtUp()) {
                        catchUpTo.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
                        if (catchUpTo.isEmpty()) {
                            board.caughtUp();
                        }
                    }
                } catch (WakeupException e) {
                    return;
                } catch (KafkaException e) {
                    if (closing) {
                        return;
                    }
                    // The broker went away or refused a request: say so on the page and keep trying.
                    problem = e.getMessage();
                    LOG.log(Level.FINE, "reading the topics failed; retrying", e);
                    Thread.sleep(1000);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** Assigns every partition of the topics that exist now; new ones are read from their beginning. */
    private void refresh(Set<TopicPartition> assigned) {
        List<TopicPartition> all = new ArrayList<>();
        for (TopicSpec<?> topic : TOPICS) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic.name(), Duration.ofSeconds(10));
            if (infos != null) {
                infos.forEach(i -> all.add(new TopicPartition(i.topic(), i.partition())));
            }
        }
        Set<TopicPartition> fresh = new HashSet<>(all);
        fresh.removeAll(assigned);
        if (!fresh.isEmpty()) {
            consumer.assign(all);
            consumer.seekToBeginning(fresh);
            assigned.addAll(fresh);
        }
    }

    private void accept(ConsumerRecord<String, byte[]> r) {
        if (r.key() == null || r.value() == null) {
            return;
        }
        records.incrementAndGet();
        String topic = r.topic();
        long ts = r.timestamp();
        try {
            if (topic.equals(Topics.ALPHA.name())) {
                board.alpha(r.key(), Topics.ALPHA.valueSerde().decode(r.value()), ts);
            } else if (topic.equals(Topics.METRICS.name())) {
                board.metrics(r.key(), Topics.METRICS.valueSerde().decode(r.value()), ts);
            } else if (topic.equals(Topics.LAYER_STATS.name())) {
                board.layerStats(r.key(), Topics.LAYER_STATS.valueSerde().decode(r.value()), ts);
            } else if (topic.equals(Topics.EVENTS.name())) {
                board.event(r.key(), Topics.EVENTS.valueSerde().decode(r.value()), ts);
            } else if (topic.equals(Topics.RUNS.name())) {
                board.info(r.key(), Topics.RUNS.valueSerde().decode(r.value()), ts);
            }
        } catch (UndecodableRecordException e) {
            // The processors dead-letter bad input; a bad record here costs the page one point, not the feed.
            undecodable.incrementAndGet();
        }
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        if (thread.isAlive()) {
            consumer.wakeup();
            thread.join(5000);
        } else if (thread.getState() == Thread.State.NEW) {
            consumer.close(Duration.ZERO);
        }
    }
}
