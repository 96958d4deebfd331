package dev.tailwatch.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads one run's records of a topic as they are now: from the beginning up to the end offsets taken at
 * the start (so it finishes even while the run goes on), committed records only, without a consumer group.
 */
final class RunRecords {

    private static final Duration STALL_LIMIT = Duration.ofSeconds(30);

    private RunRecords() {
    }

    /** The run's records (key = run id; null = every key) in offset order per partition. */
    static List<ConsumerRecord<String, byte[]>> read(String bootstrap, String topic, String runId) throws BadInputException {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.committedReader(bootstrap)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos == null || infos.isEmpty()) {
                throw new BadInputException("topic " + topic + " does not exist on " + bootstrap);
            }
            List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition()))
                    .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
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
                        out.add(r);
                    }
                }
                int before = open.size();
                open.removeIf(tp -> consumer.position(tp) >= end.get(tp));
                if (open.size() < before) {
                    lastProgress = System.nanoTime();
                }
            }
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new BadInputException("cannot read " + topic + " from " + bootstrap + ": " + e.getMessage());
        }
        return out;
    }
}
