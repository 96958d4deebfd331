package dev.tailwatch.cli.ui;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tailwatch.schema.avro.AlphaEstimate;
import dev.tailwatch.schema.avro.AlphaScope;
import dev.tailwatch.schema.avro.EventType;
import dev.tailwatch.schema.avro.LayerInfo;
import dev.tailwatch.schema.avro.LayerStats;
import dev.tailwatch.schema.avro.RunInfo;
import dev.tailwatch.schema.avro.RunStatus;
import dev.tailwatch.schema.avro.TailEvent;
import dev.tailwatch.schema.avro.TrainingMetrics;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the page shows of one run, in bounded memory: its latest RunInfo, every series downsampled
 * ({@link MinMaxSeries}, {@link BandSeries}), the newest events and a count of all. Fed by one thread,
 * read by the HTTP threads: every method synchronises on the view.
 */
final class RunView {

    /** The network-wide series' layer name on the alpha topic. */
    static final String NETWORK = "all";

    private final String runId;
    private final int points;
    private final int eventCap;
    private RunInfo info;
    private final Map<String, MinMaxSeries> rolling = new LinkedHashMap<>();
    private final Map<String, MinMaxSeries> perIteration = new LinkedHashMap<>();
    private final MinMaxSeries loss;
    private final MinMaxSeries trainAccuracy;
    private final MinMaxSeries testAccuracy;
    private final Map<String, LayerStatsSeries> layerStats = new LinkedHashMap<>();
    private final ArrayDeque<TailEvent> events = new ArrayDeque<>();
    private final Map<String, Integer> eventCounts = new TreeMap<>();
    private long eventsTotal;
    private long lastIteration = -1;
    private long firstSeenMs = Long.MAX_VALUE;
    private long lastActivityMs;
    private long lastStalledMs;
    private long version;

    /**
     * @param points   buckets per series (up to twice as many points reach the page)
     * @param eventCap newest events kept (all are counted)
     */
    RunView(String runId, int points, int eventCap) {
        this.runId = runId;
        this.points = points;
        this.eventCap = eventCap;
        this.loss = new MinMaxSeries(points);
        this.trainAccuracy = new MinMaxSeries(points);
        this.testAccuracy = new MinMaxSeries(points);
    }

    String runId() {
        return runId;
    }

    synchronized long version() {
        return version;
    }

    synchronized long lastActivityMs() {
        return lastActivityMs;
    }

    synchronized void info(RunInfo value, long timestampMs) {
        info = value;
        for (LayerInfo layer : value.getLayers()) {
            // RunInfo knows the network's layer order before the first α arrives: keep it.
            rolling.computeIfAbsent(layer.getName().toString(), k -> new MinMaxSeries(points));
            perIteration.computeIfAbsent(layer.getName().toString(), k -> new MinMaxSeries(points));
        }
        seen(timestampMs, -1);
    }

    synchronized void alpha(AlphaEstimate a, long timestampMs) {
        String layer = a.getLayer().toString();
        Map<String, MinMaxSeries> series = a.getScope() == AlphaScope.ROLLING ? rolling : perIteration;
        series.computeIfAbsent(layer, k -> new MinMaxSeries(points)).add(a.getIteration(), a.getAlpha());
        seen(timestampMs, a.getIteration());
    }

    synchronized void metrics(TrainingMetrics m, long timestampMs) {
        loss.add(m.getIteration(), m.getLoss());
        if (m.getTrainAccuracy() != null) {
            trainAccuracy.add(m.getIteration(), m.getTrainAccuracy());
        }
        if (m.getTestAccuracy() != null) {
            testAccuracy.add(m.getIteration(), m.getTestAccuracy());
        }
        seen(timestampMs, m.getIteration());
    }

    synchronized void layerStats(LayerStats s, long timestampMs) {
        layerStats.computeIfAbsent(s.getLayer().toString(), k -> new LayerStatsSeries(points)).add(s);
        seen(timestampMs, s.getIteration());
    }

    synchronized void event(TailEvent e, long timestampMs) {
        eventsTotal++;
        eventCounts.merge(typeName(e.getType()), 1, Integer::sum);
        events.addLast(e);
        if (events.size() > eventCap) {
            events.removeFirst();
        }
        if (e.getType() == EventType.RUN_STALLED) {
            // The stall is news, not activity: it must not clear itself.
            lastStalledMs = Math.max(lastStalledMs, timestampMs);
            version++;
        } else {
            seen(timestampMs, -1);
        }
    }

    private void seen(long timestampMs, long iteration) {
        firstSeenMs = Math.min(firstSeenMs, timestampMs);
        lastActivityMs = Math.max(lastActivityMs, timestampMs);
        lastIteration = Math.max(lastIteration, iteration);
        version++;
    }

    /** When the run began: its RunInfo's start, else its first record. */
    synchronized long startedMs() {
        return info != null ? info.getStartedAtMs() : firstSeenMs;
    }

    synchronized boolean finished() {
        return info != null && (info.getStatus() == RunStatus.FINISHED || info.getStatus() == RunStatus.FAILED);
    }

    /** The processors said it went silent, and nothing arrived since. */
    synchronized boolean stalled() {
        return !finished() && lastStalledMs > 0 && lastStalledMs >= lastActivityMs;
    }

    /** One line of the run list. */
    synchronized void writeSummary(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", runId);
        g.writeStringField("status", info == null ? "unknown" : info.getStatus().name().toLowerCase(Locale.ROOT));
        g.writeBooleanField("finished", finished());
        g.writeBooleanField("stalled", stalled());
        g.writeNumberField("iteration", lastIteration);
        MinMaxSeries network = rolling.get(NETWORK);
        number(g, "alpha", network == null ? Double.NaN : network.last());
        g.writeNumberField("events", eventsTotal);
        g.writeObjectFieldStart("eventCounts");
        for (Map.Entry<String, Integer> c : eventCounts.entrySet()) {
            g.writeNumberField(c.getKey(), c.getValue());
        }
        g.writeEndObject();
        g.writeStringField("model", info == null ? "" : info.getModel().toString());
        g.writeStringField("dataset", info == null ? "" : info.getDataset().toString());
        g.writeNumberField("startedMs", startedMs());
        g.writeNumberField("updatedMs", lastActivityMs);
        g.writeNumberField("version", version);
        g.writeEndObject();
    }

    /** Everything the charts draw, downsampled. */
    synchronized void writeDetail(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeFieldName("run");
        writeSummary(g);
        g.writeArrayFieldStart("layers");
        for (String layer : rolling.keySet()) {
            if (!NETWORK.equals(layer)) {
                g.writeString(layer);
            }
        }
        g.writeEndArray();
        g.writeObjectFieldStart("alpha");
        writeSeriesMap(g, "rolling", rolling);
        writeSeriesMap(g, "iteration", perIteration);
        g.writeEndObject();
        g.writeObjectFieldStart("metrics");
        writeSeries(g, "loss", loss);
        writeSeries(g, "trainAccuracy", trainAccuracy);
        writeSeries(g, "testAccuracy", testAccuracy);
        g.writeEndObject();
        g.writeObjectFieldStart("layerStats");
        for (Map.Entry<String, LayerStatsSeries> s : layerStats.entrySet()) {
            g.writeFieldName(s.getKey());
            s.getValue().write(g);
        }
        g.writeEndObject();
        g.writeArrayFieldStart("events");
        for (TailEvent e : events) {
            g.writeStartObject();
            g.writeNumberField("iteration", e.getIteration());
            g.writeStringField("layer", e.getLayer().toString());
            g.writeStringField("type", typeName(e.getType()));
            number(g, "before", e.getBefore());
            number(g, "after", e.getAfter());
            g.writeStringField("message", e.getMessage().toString());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeNumberField("eventsKept", events.size());
        g.writeEndObject();
    }

    private static void writeSeriesMap(JsonGenerator g, String name, Map<String, MinMaxSeries> series) throws IOException {
        g.writeObjectFieldStart(name);
        for (Map.Entry<String, MinMaxSeries> s : series.entrySet()) {
            if (s.getValue().points() > 0) {
                writeSeries(g, s.getKey(), s.getValue());
            }
        }
        g.writeEndObject();
    }

    static void writeSeries(JsonGenerator g, String name, MinMaxSeries series) throws IOException {
        g.writeArrayFieldStart(name);
        IOException[] failure = new IOException[1];
        series.forEachPoint((iteration, value) -> {
            if (failure[0] != null) {
                return;
            }
            try {
                g.writeStartArray();
                g.writeNumber(iteration);
                g.writeNumber(value);
                g.writeEndArray();
            } catch (IOException e) {
                failure[0] = e;
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        g.writeEndArray();
    }

    /** JSON has no NaN: a missing number is null. */
    static void number(JsonGenerator g, String name, double value) throws IOException {
        if (Double.isFinite(value)) {
            g.writeNumberField(name, value);
        } else {
            g.writeNullField(name);
        }
    }

    static String typeName(EventType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }
}
