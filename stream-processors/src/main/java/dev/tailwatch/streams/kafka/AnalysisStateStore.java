package dev.tailwatch.streams.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import dev.tailwatch.streams.metrics.TailwatchMetrics;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorRecordContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * The analysis state of every run of one task, in a Kafka Streams state store backed by a changelog topic.
 *
 * <p>The analyzers are live objects: serialising a run's whole state on every record would cost more than the
 * analysis itself. So this store keeps the live {@link RunState}s as a cache of what the changelogged inner
 * store holds, remembers which runs changed, and writes one snapshot of each changed run when Kafka Streams
 * prepares the task's commit. Kafka Streams calls {@link #flushCache()} in {@code StreamTask.prepareCommit}
 * before it flushes the record collector and commits the transaction (4.3: {@code ProcessorStateManager.flushCache}
 * for every {@link CachedStateStore}), so the snapshots, the outputs they explain and the input offsets commit
 * in one transaction — exactly-once covers the state, not only the records. The public
 * {@code StateStore.commit/flush} hooks run after the transaction, which is too late.
 *
 * <p>Nothing here survives a dirty close: {@link #init} and {@link #close()} drop the live cache, so a task
 * revived after an aborted transaction starts from what the changelog restored, never from objects that saw
 * the aborted records.
 *
 * <p>A snapshot is stored in chunks of at most {@link #CHUNK_BYTES} (keys {@code runId\0n}); chunk 0 starts
 * with the chunk count. So a run of hundreds of layers never needs a record larger than a cluster's default
 * 1 MiB limit.
 */
final class AnalysisStateStore implements StateStore, CachedStateStore<byte[], byte[]> {

    static final String NAME = "tailwatch-analysis-state";
    /** Below Kafka's default 1 MiB record limit with room for the key and batch overhead. */
    static final int CHUNK_BYTES = 900 * 1024;
    private static final char KEY_SEPARATOR = '\0';

    private final KeyValueStore<Bytes, byte[]> inner;
    private final RunStateCodec codec;
    private final TailwatchMetrics metrics;
    private final Map<String, RunState> live = new HashMap<>();
    private final Set<String> dirty = new LinkedHashSet<>();
    private final Map<String, Integer> chunkCounts = new HashMap<>();
    private StateStoreContext context;

    AnalysisStateStore(KeyValueStore<Bytes, byte[]> inner, RunStateCodec codec, TailwatchMetrics metrics) {
        this.inner = inner;
        this.codec = codec;
        this.metrics = metrics;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        this.context = context;
        dropCache();
        inner.init(context, root);
    }

    /** The run's state: live if loaded, else restored from its snapshot; null if the store has none. */
    RunState get(String runId) {
        RunState run = live.get(runId);
        if (run != null) {
            return run;
        }
        byte[] snapshot = read(runId);
        if (snapshot == null) {
            return null;
        }
        run = codec.decode(runId, snapshot);
        live.put(runId, run);
        return run;
    }

    /** The run's state, created by {@code fresh} when the store has none; marked changed. */
    RunState getOrCreate(String runId, Supplier<RunState> fresh) {
        RunState run = get(runId);
        if (run == null) {
            run = fresh.get();
            live.put(runId, run);
        }
        dirty.add(runId);
        return run;
    }

    /** Records that the run's state changed since its last snapshot. */
    void changed(String runId) {
        if (live.containsKey(runId)) {
            dirty.add(runId);
        }
    }

    /** Forgets the run: its snapshot is deleted (a tombstone in the changelog). */
    void delete(String runId) {
        live.remove(runId);
        dirty.remove(runId);
        int chunks = chunkCount(runId);
        for (int i = 0; i < chunks; i++) {
            inner.delete(key(runId, i));
        }
        chunkCounts.remove(runId);
    }

    /** Every run this task holds, loaded or only in the store (after a restore). */
    List<String> runIds() {
        TreeSet<String> ids = new TreeSet<>(live.keySet());
        try (KeyValueIterator<Bytes, byte[]> it = inner.all()) {
            while (it.hasNext()) {
                String key = new String(it.next().key.get(), StandardCharsets.UTF_8);
                int cut = key.indexOf(KEY_SEPARATOR);
                ids.add(cut < 0 ? key : key.substring(0, cut));
            }
        }
        return new ArrayList<>(ids);
    }

    /** Writes a snapshot of every changed run; called by Kafka Streams before the task's transaction commits. */
    @Override
    public void flushCache() {
        if (dirty.isEmpty()) {
            return;
        }
        // The changelog layer stamps each write with the current record's timestamp: give it a defined one
        // instead of whatever record or punctuation ran last.
        InternalProcessorContext<?, ?> internal = context instanceof InternalProcessorContext<?, ?> c ? c : null;
        ProcessorRecordContext previous = internal == null ? null : internal.recordContext();
        if (internal != null) {
            internal.setRecordContext(new ProcessorRecordContext(previous != null ? previous.timestamp()
                    : System.currentTimeMillis(), -1, -1, null, new RecordHeaders()));
        }
        try {
            for (String runId : dirty) {
                RunState run = live.get(runId);
                if (run != null) {
                    write(runId, codec.encode(run));
                }
            }
            dirty.clear();
        } finally {
            if (internal != null) {
                internal.setRecordContext(previous);
            }
        }
    }

    @Override
    public void clearCache() {
        dropCache();
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<byte[], byte[]> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public void flush() {
        inner.flush();
    }

    @Override
    public void close() {
        dropCache();
        inner.close();
    }

    @Override
    public boolean persistent() {
        return inner.persistent();
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }

    private void dropCache() {
        live.clear();
        dirty.clear();
        chunkCounts.clear();
    }

    private void write(String runId, byte[] snapshot) {
        int chunks = Math.max(1, (snapshot.length + CHUNK_BYTES - 1) / CHUNK_BYTES);
        int previous = chunkCount(runId);
        for (int i = 0; i < chunks; i++) {
            int from = i * CHUNK_BYTES;
            int to = Math.min(snapshot.length, from + CHUNK_BYTES);
            byte[] value;
            if (i == 0) {
                value = ByteBuffer.allocate(4 + to - from).putInt(chunks).put(snapshot, from, to - from).array();
            } else {
                value = Arrays.copyOfRange(snapshot, from, to);
            }
            inner.put(key(runId, i), value);
        }
        for (int i = chunks; i < previous; i++) {
            inner.delete(key(runId, i));
        }
        chunkCounts.put(runId, chunks);
        metrics.snapshotWritten(snapshot.length);
    }

    private byte[] read(String runId) {
        byte[] first = inner.get(key(runId, 0));
        if (first == null) {
            return null;
        }
        ByteBuffer head = ByteBuffer.wrap(first);
        int chunks = head.getInt();
        List<byte[]> parts = new ArrayList<>(chunks);
        parts.add(Arrays.copyOfRange(first, 4, first.length));
        int total = first.length - 4;
        for (int i = 1; i < chunks; i++) {
            byte[] part = inner.get(key(runId, i));
            if (part == null) {
                throw new IllegalStateException("the analysis snapshot of run " + runId + " lacks chunk " + i + " of "
                        + chunks + " in store " + name());
            }
            parts.add(part);
            total += part.length;
        }
        chunkCounts.put(runId, chunks);
        ByteBuffer all = ByteBuffer.allocate(total);
        parts.forEach(all::put);
        return all.array();
    }

    private int chunkCount(String runId) {
        Integer known = chunkCounts.get(runId);
        if (known != null) {
            return known;
        }
        byte[] first = inner.get(key(runId, 0));
        return first == null ? 0 : ByteBuffer.wrap(first).getInt();
    }

    private static Bytes key(String runId, int chunk) {
        return Bytes.wrap((runId + KEY_SEPARATOR + chunk).getBytes(StandardCharsets.UTF_8));
    }

    /** For tests: the raw entries, chunk keys included. */
    List<KeyValue<Bytes, byte[]>> rawEntries() {
        List<KeyValue<Bytes, byte[]>> entries = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = inner.all()) {
            it.forEachRemaining(entries::add);
        }
        return entries;
    }
}
