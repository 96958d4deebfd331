package dev.tailwatch.bench.paper;

import dev.tailwatch.schema.TopicSpec;
import dev.tailwatch.schema.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the α, metrics and runs topics as a user of the topics would (read_committed, from the beginning, no
 * consumer group) and keeps every record of the reproduction's runs, by run id. Polled by the caller's thread.
 */
final class TopicCollector implements AutoCloseable {

    private static final List<TopicSpec<?>> TOPICS = List.of(Topics.ALPHA, Topics.METRICS, Topics.RUNS);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Predicate<String> ours;
    private final Map<String, RunRecords> runs = new TreeMap<>();

    TopicCollector(String bootstrap, Predicate<String> ours) {
        this.ours = ours;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (TopicSpec<?> topic : TOPICS) {
            consumer.partitionsFor(topic.name()).forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Polls until {@code done} holds for the run's records or the timeout passes; true when it held. */
    boolean pollUntil(String runId, Predicate<RunRecords> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            poll(Duration.ofMillis(200));
            if (done.test(run(runId))) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
        }
    }

    RunRecords run(String runId) {
        return runs.computeIfAbsent(runId, k -> new RunRecords());
    }

    private void poll(Duration timeout) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(timeout)) {
            if (r.key() == null || !ours.test(r.key()) || r.value() == null) {
                continue;
            }
            RunRecords run = run(r.key());
            if (r.topic().equals(Topics.ALPHA.name())) {
                run.alpha.add(Topics.ALPHA.valueSerde().decode(r.value()));
            } else if (r.topic().equals(Topics.METRICS.name())) {
                run.metrics.add(Topics.METRICS.valueSerde().decode(r.value()));
            } else if (r.topic().equals(Topics.RUNS.name())) {
                run.info = Topics.RUNS.valueSerde().decode(r.value());
            }
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
