package dev.tailwatch.bench.faults;

import dev.tailwatch.schema.TopicSpec;
import dev.tailwatch.schema.Topics;
import dev.tailwatch.schema.avro.AlphaEstimate;
import dev.tailwatch.schema.avro.EventType;
import dev.tailwatch.schema.avro.LayerStats;
import dev.tailwatch.schema.avro.TailEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The compared output topics, read read_committed from the beginning up to their last stable offset and
 * decoded with the catalogue's serdes. Each record gets an identity (what it is about: run, iteration,
 * layer, …) under which it is matched against the reference.
 */
final class CommittedOutputs {

    /** One compared topic: its catalogue entry and the identity of its records. */
    record Compared<V extends SpecificRecord>(TopicSpec<V> spec, Function<V, String> identity) {
        String identityOf(SpecificRecord record) {
            return identity.apply(spec.valueSerde().type().cast(record));
        }
    }

    static final List<Compared<?>> TOPICS = List.of(
            new Compared<>(Topics.ALPHA, (AlphaEstimate a) -> a.getRunId() + "|" + a.getIteration() + "|" + a.getLayer()
                    + "|" + a.getScope() + "|" + a.getEstimator()),
            new Compared<>(Topics.EVENTS, (TailEvent e) -> e.getRunId() + "|" + e.getIteration() + "|" + e.getLayer()
                    + "|" + e.getType() + "|" + e.getDetector()),
            new Compared<>(Topics.LAYER_STATS, (LayerStats s) -> s.getRunId() + "|" + s.getIteration() + "|" + s.getLayer()));

    private CommittedOutputs() {
    }

    /**
     * Every committed record of the compared topics, by short topic name, in partition order. Stall events are
     * left out: they judge wall-clock silence, which no two runs share.
     */
    static Map<String, List<SpecificRecord>> read(String bootstrap, Duration timeout) throws InterruptedException {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        Map<String, List<SpecificRecord>> out = new LinkedHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            Map<String, Compared<?>> byName = new LinkedHashMap<>();
            for (Compared<?> c : TOPICS) {
                byName.put(c.spec().name(), c);
                out.put(c.spec().shortName(), new ArrayList<>());
                consumer.partitionsFor(c.spec().name()).forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.currentTimeMillis() + timeout.toMillis();
            Map<TopicPartition, Long> ends = settledEnds(consumer, bootstrap, partitions, deadline, timeout);
            while (!reached(consumer, ends)) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("the output topics were not readable to their end within " + timeout.toSeconds() + " s");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Compared<?> c = byName.get(r.topic());
                    SpecificRecord decoded = c.spec().valueSerde().decode(r.value());
                    if (decoded instanceof TailEvent e && e.getType() == EventType.RUN_STALLED) {
                        continue;
                    }
                    out.get(c.spec().shortName()).add(decoded);
                }
            }
        }
        return out;
    }

    /**
     * The ends once no transaction is open on the outputs: the last stable offsets equal the logs' ends. A killed
     * instance's open transaction holds the last stable offset back until the coordinator aborts it, and records
     * committed after it would otherwise go unread.
     */
    private static Map<TopicPartition, Long> settledEnds(KafkaConsumer<String, byte[]> committed, String bootstrap,
                                                         List<TopicPartition> partitions, long deadline, Duration timeout)
            throws InterruptedException {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        try (KafkaConsumer<String, byte[]> uncommitted = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            while (true) {
                Map<TopicPartition, Long> stable = committed.endOffsets(partitions);
                if (stable.equals(uncommitted.endOffsets(partitions))) {
                    return stable;
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("a transaction on the output topics was still open after " + timeout.toSeconds() + " s");
                }
                Thread.sleep(200);
            }
        }
    }

    private static boolean reached(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }
}
