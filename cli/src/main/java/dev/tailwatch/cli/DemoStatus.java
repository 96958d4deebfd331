package dev.tailwatch.cli;

import dev.tailwatch.schema.Topics;
import dev.tailwatch.schema.avro.AlphaEstimate;
import dev.tailwatch.schema.avro.AlphaScope;
import dev.tailwatch.schema.avro.TailEvent;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * What the demo shows besides the progress bar: it follows the processors' alpha and events topics for
 * the run — latest rolling α network-wide and per layer, each new event as one line — the same results
 * a user would see on /metrics, read from where the processors publish them.
 */
final class DemoStatus implements AutoCloseable {

    private final String runId;
    private final PrintStream eventsOut;
    private final Thread thread;
    private final Map<String, Double> rollingAlpha = new ConcurrentHashMap<>();
    private final Map<String, Integer> eventCounts = new ConcurrentHashMap<>();
    private volatile long lastAlphaIteration = -1;
    private volatile String lastEvent = "";
    private volatile boolean stopped;

    DemoStatus(String bootstrap, String runId, PrintStream eventsOut) {
        this.runId = runId;
        this.eventsOut = eventsOut;
        this.thread = new Thread(() -> follow(bootstrap), "tailwatch-demo-status");
        thread.setDaemon(true);
        thread.start();
    }

    private void follow(String bootstrap) {
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.committedReader(KafkaTarget.plain(bootstrap))) {
            List<TopicPartition> partitions = new java.util.ArrayList<>();
            for (String topic : List.of(Topics.ALPHA.name(), Topics.EVENTS.name())) {
                consumer.partitionsFor(topic, Duration.ofSeconds(10))
                        .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!stopped) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (runId.equals(r.key())) {
                        take(r);
                    }
                }
            }
        } catch (RuntimeException e) {
            if (!stopped) {
                eventsOut.println("tailwatch demo: status display stopped: " + e.getMessage());
            }
        }
    }

    private void take(ConsumerRecord<String, byte[]> r) {
        if (r.topic().equals(Topics.ALPHA.name())) {
            AlphaEstimate a = Topics.ALPHA.valueSerde().decode(r.value());
            if (a.getScope() == AlphaScope.ROLLING) {
                rollingAlpha.put(a.getLayer().toString(), a.getAlpha());
                if ("all".contentEquals(a.getLayer())) {
                    lastAlphaIteration = Math.max(lastAlphaIteration, a.getIteration());
                }
            }
        } else {
            TailEvent e = Topics.EVENTS.valueSerde().decode(r.value());
            String type = e.getType().name().toLowerCase(Locale.ROOT);
            eventCounts.merge(type, 1, Integer::sum);
            String where = e.getLayer().length() == 0 ? "" : " " + e.getLayer();
            lastEvent = type + where + " @" + e.getIteration();
            eventsOut.printf(Locale.ROOT, ProgressLine.clearLine() + "event  %-17s %-8s iteration %-6d %s%n", type, e.getLayer(), e.getIteration(), e.getMessage());
        }
    }

    /** The network-wide rolling α, for the progress bar's line. */
    String alpha() {
        Double network = rollingAlpha.get("all");
        return network == null ? " α -" : String.format(Locale.ROOT, " α %.3f", network);
    }

    /** The per-layer rolling α, compact: the progress line drops it first when the line is short. */
    String layerAlphas() {
        Map<String, Double> alphas = new TreeMap<>(rollingAlpha);
        alphas.remove("all");
        if (alphas.isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder(" [");
        alphas.forEach((layer, a) -> s.append(String.format(Locale.ROOT, "%s %.2f ", layer, a)));
        s.setLength(s.length() - 1);
        return s.append(']').toString();
    }

    /** The latest event, or empty. */
    String lastEvent() {
        return lastEvent.isEmpty() ? "" : " last: " + lastEvent;
    }

    long lastAlphaIteration() {
        return lastAlphaIteration;
    }

    Map<String, Integer> eventCounts() {
        return new TreeMap<>(eventCounts);
    }

    Map<String, Double> rollingAlpha() {
        return new TreeMap<>(rollingAlpha);
    }

    @Override
    public void close() {
        stopped = true;
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
