package dev.tailwatch.cli;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

/**
 * Reads one run's records of a topic as they are now: from the beginning up to the end offsets taken at
 * the start (so it finishes even while the run goes on), committed records only, without a consumer group.
 */
final class RunRecords {

    private static final Duration STALL_LIMIT = Duration.ofSeconds(30);

    private RunRecords() {
    }

    /** The run's records (key = run id; null = every key) in offset order per partition. */
    static List<ConsumerRecord<String, byte[]>> read(KafkaTarget bootstrap, String topic, String runId) throws BadInputException {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        scan(bootstrap, topic, runId, false, r -> out.add(r), true);
        return out;
    }

    /**
     * Hands the run's records to {@code sink} one by one as they are read, holding none: for a run too long to
     * hold in memory (the live page's CSV downloads).
     */
    static void forEach(KafkaTarget bootstrap, String topic, String runId, java.util.function.Consumer<ConsumerRecord<String, byte[]>> sink)
            throws BadInputException {
        scan(bootstrap, topic, runId, false, sink, true);
    }

    /**
     * Whether the topic holds a record of the run; false when the topic does not exist. With
     * {@code keyPartitionOnly} only the partition the default partitioner gives the run id is read: every
     * publisher keys a run's records by its id, so that is where they are unless the topic has gained
     * partitions since — which is why a caller asks the small topics in full first.
     */
    static boolean contains(KafkaTarget bootstrap, String topic, String runId, boolean keyPartitionOnly) throws BadInputException {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        return scan(bootstrap, topic, runId, keyPartitionOnly, found::add, false) && !found.isEmpty();
    }

    /**
     * Reads into {@code sink}: every record with {@code all}, else only the first. A missing topic is false
     * when only the first is wanted, and an error otherwise.
     */
    private static boolean scan(KafkaTarget bootstrap, String topic, String runId, boolean keyPartitionOnly,
                                java.util.function.Consumer<ConsumerRecord<String, byte[]>> sink, boolean all) throws BadInputException {
        boolean firstOnly = !all;
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.committedReader(bootstrap)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos == null || infos.isEmpty()) {
                if (firstOnly) {
                    return false;
                }
                throw new BadInputException("topic " + topic + " does not exist on " + bootstrap);
            }
            List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition()))
                    .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
            if (keyPartitionOnly) {
                int p = Utils.toPositive(Utils.murmur2(runId.getBytes(StandardCharsets.UTF_8))) % partitions.size();
                partitions = List.of(new TopicPartition(topic, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            List<TopicPartition> open = new ArrayList<>(partitions.stream().filter(tp -> end.get(tp) > 0).toList());
            long lastProgress = System.nanoTime();
            while (!open.isEmpty()) {
                if (System.nanoTime() - lastProgress > STALL_LIMIT.toNanos()) {
                    throw new BadInputException("reading " + topic + " from " + bootstrap + " made no progress for "
                            + STALL_LIMIT.toSeconds() + " s (partitions " + open + " unread); is the broker still up?");
                }
                var polled = consumer.poll(Duration.ofMillis(200));
                if (!polled.isEmpty()) {
                    lastProgress = System.nanoTime();
                }
                for (ConsumerRecord<String, byte[]> r : polled) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))
                            && (runId == null || runId.equals(r.key()))) {
                        sink.accept(r);
                        if (firstOnly) {
                            return true;
                        }
                    }
                }
                int before = open.size();
                open.removeIf(tp -> consumer.position(tp) >= end.get(tp));
                if (open.size() < before) {
                    lastProgress = System.nanoTime();
                }
            }
            return true;
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new BadInputException("cannot read " + topic + " from " + bootstrap + ": " + e.getMessage());
        }
    }
}
