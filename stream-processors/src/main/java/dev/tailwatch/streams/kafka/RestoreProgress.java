package dev.tailwatch.streams.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says what a starting or rebalanced instance is waiting for: analysis state restored from its changelog.
 * Logged per partition and exported as {@code tailwatch_state_restore_remaining_records} and
 * {@code tailwatch_state_restored_records_total}.
 */
final class RestoreProgress implements StateRestoreListener {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreProgress.class);

    private final Map<TopicPartition, AtomicLong> remaining = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> started = new ConcurrentHashMap<>();
    private final Counter restored;

    RestoreProgress(MeterRegistry registry) {
        Gauge.builder("tailwatch.state.restore.remaining.records", this,
                        p -> p.remaining.values().stream().mapToLong(AtomicLong::get).sum())
                .description("Changelog records still to restore before the analysis state is complete")
                .register(registry);
        restored = Counter.builder("tailwatch.state.restored.records")
                .description("Changelog records restored into the analysis state").register(registry);
    }

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long startOffset, long endOffset) {
        remaining.put(partition, new AtomicLong(Math.max(0, endOffset - startOffset)));
        started.put(partition, System.nanoTime());
        LOG.info("restoring {} from {} (offsets {}..{})", store, partition, startOffset, endOffset);
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
        AtomicLong left = remaining.get(partition);
        if (left != null) {
            left.updateAndGet(v -> Math.max(0, v - numRestored));
        }
        restored.increment(numRestored);
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        remaining.remove(partition);
        Long t0 = started.remove(partition);
        LOG.info("restored {} from {}: {} records in {} ms", store, partition, totalRestored,
                t0 == null ? -1 : (System.nanoTime() - t0) / 1_000_000);
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
        remaining.remove(partition);
        started.remove(partition);
    }
}
