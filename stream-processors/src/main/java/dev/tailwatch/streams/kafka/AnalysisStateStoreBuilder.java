package dev.tailwatch.streams.kafka;

import dev.tailwatch.streams.metrics.TailwatchMetrics;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the {@link AnalysisStateStore}: a persistent (RocksDB) key-value store with a changelog (cache
 * disabled — the analysis store is its own cache), wrapped by the store that keeps the live analyzers.
 *
 * <p>Persistent rather than in memory: the live analyzers are already on the heap, and an in-memory store
 * would hold a second, serialised copy of every run there (about 45 KiB per layer of 1,000 tracked
 * coordinates). On disk, the copy costs no heap, and after a clean stop the checkpoint lets a restart on the
 * same state directory skip the restore. Logging cannot be switched off: without the changelog the state
 * would again live outside Kafka Streams.
 */
final class AnalysisStateStoreBuilder implements StoreBuilder<AnalysisStateStore> {

    private final RunStateCodec codec;
    private final TailwatchMetrics metrics;
    private final Map<String, String> logConfig;

    AnalysisStateStoreBuilder(RunStateCodec codec, TailwatchMetrics metrics) {
        this.codec = codec;
        this.metrics = metrics;
        this.logConfig = changelogConfig();
    }

    /**
     * The changelog keeps only the newest snapshot of a run, and small segments let the cleaner keep it
     * that way while snapshots are rewritten at every commit: a restore then reads little more than one
     * snapshot per run instead of every snapshot since the last clean.
     */
    static Map<String, String> changelogConfig() {
        Map<String, String> config = new HashMap<>();
        config.put("cleanup.policy", "compact");
        config.put("segment.bytes", Integer.toString(32 << 20));
        config.put("segment.ms", Long.toString(10 * 60 * 1000L));
        config.put("min.cleanable.dirty.ratio", "0.1");
        config.put("max.message.bytes", Integer.toString(AnalysisStateStore.CHUNK_BYTES + (64 << 10)));
        return config;
    }

    @Override
    public StoreBuilder<AnalysisStateStore> withCachingEnabled() {
        return this;
    }

    @Override
    public StoreBuilder<AnalysisStateStore> withCachingDisabled() {
        return this;
    }

    @Override
    public StoreBuilder<AnalysisStateStore> withLoggingEnabled(Map<String, String> config) {
        logConfig.putAll(config);
        return this;
    }

    @Override
    public StoreBuilder<AnalysisStateStore> withLoggingDisabled() {
        throw new UnsupportedOperationException("the analysis state needs its changelog to survive restarts and rebalances");
    }

    @Override
    public AnalysisStateStore build() {
        KeyValueStore<Bytes, byte[]> inner = Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(AnalysisStateStore.NAME), Serdes.Bytes(), Serdes.ByteArray())
                .withCachingDisabled()
                .withLoggingEnabled(logConfig)
                .build();
        return new AnalysisStateStore(inner, codec, metrics);
    }

    @Override
    public Map<String, String> logConfig() {
        return logConfig;
    }

    @Override
    public boolean loggingEnabled() {
        return true;
    }

    @Override
    public String name() {
        return AnalysisStateStore.NAME;
    }
}
