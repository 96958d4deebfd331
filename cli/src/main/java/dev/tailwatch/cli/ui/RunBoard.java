package dev.tailwatch.cli.ui;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tailwatch.schema.avro.AlphaEstimate;
import dev.tailwatch.schema.avro.LayerStats;
import dev.tailwatch.schema.avro.RunInfo;
import dev.tailwatch.schema.avro.TailEvent;
import dev.tailwatch.schema.avro.TrainingMetrics;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every run the topics hold, as the page shows them: at most {@code maxRuns} (the least recently active
 * is dropped first), each in bounded memory. One thread feeds it and calls {@link #publish()} after each
 * batch; page streams wait in {@link #awaitChange} for the next one.
 */
public final class RunBoard {

    /** Defaults: buckets per series (≤ 2× as many points per series reach the page), newest events kept per run, runs. */
    public static final int DEFAULT_POINTS = 1000;
    public static final int DEFAULT_EVENTS = 2000;
    public static final int DEFAULT_RUNS = 1000;

    private final Map<String, RunView> runs = new ConcurrentHashMap<>();
    private final int points;
    private final int eventCap;
    private final int maxRuns;
    private final Object changes = new Object();
    private long version;
    private long pending;
    private volatile boolean caughtUp;

    public RunBoard() {
        this(DEFAULT_POINTS, DEFAULT_EVENTS, DEFAULT_RUNS);
    }

    public RunBoard(int points, int eventCap, int maxRuns) {
        this.points = points;
        this.eventCap = eventCap;
        this.maxRuns = maxRuns;
    }

    public void info(String runId, RunInfo info, long timestampMs) {
        run(runId).info(info, timestampMs);
        pending++;
    }

    public void alpha(String runId, AlphaEstimate alpha, long timestampMs) {
        run(runId).alpha(alpha, timestampMs);
        pending++;
    }

    public void metrics(String runId, TrainingMetrics metrics, long timestampMs) {
        run(runId).metrics(metrics, timestampMs);
        pending++;
    }

    public void layerStats(String runId, LayerStats stats, long timestampMs) {
        run(runId).layerStats(stats, timestampMs);
        pending++;
    }

    public void event(String runId, TailEvent event, long timestampMs) {
        run(runId).event(event, timestampMs);
        pending++;
    }

    private RunView run(String runId) {
        RunView view = runs.get(runId);
        if (view == null) {
            if (runs.size() >= maxRuns) {
                runs.values().stream().min(Comparator.comparingLong(RunView::lastActivityMs))
                        .ifPresent(oldest -> runs.remove(oldest.runId()));
            }
            view = new RunView(runId, points, eventCap);
            runs.put(runId, view);
        }
        return view;
    }

    /** Wakes the page streams if the last batch changed anything. */
    public void publish() {
        synchronized (changes) {
            if (pending > 0) {
                pending = 0;
                version++;
                changes.notifyAll();
            }
        }
    }

    /** Marks that the feed has read every topic up to where it stood at its start (the page says "loading" before). */
    public void caughtUp() {
        caughtUp = true;
        synchronized (changes) {
            version++;
            changes.notifyAll();
        }
    }

    public boolean isCaughtUp() {
        return caughtUp;
    }

    /** The board's version after waiting up to {@code timeoutMs} for one newer than {@code seen}. */
    public long awaitChange(long seen, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        synchronized (changes) {
            while (version <= seen) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    break;
                }
                changes.wait(left);
            }
            return version;
        }
    }

    public int size() {
        return runs.size();
    }

    RunView get(String runId) {
        return runs.get(runId);
    }

    /** The runs, newest first (by start). */
    List<RunView> newestFirst() {
        return runs.values().stream().sorted(Comparator.comparingLong(RunView::startedMs).reversed().thenComparing(RunView::runId))
                .toList();
    }

    /** {"caughtUp": bool, "runs": [summary, ...]} */
    void writeList(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeBooleanField("caughtUp", caughtUp);
        g.writeArrayFieldStart("runs");
        for (RunView run : newestFirst()) {
            run.writeSummary(g);
        }
        g.writeEndArray();
        g.writeEndObject();
    }
}
