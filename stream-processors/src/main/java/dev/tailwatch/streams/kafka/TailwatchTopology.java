package dev.tailwatch.streams.kafka;

import dev.tailwatch.schema.AvroSerde;
import dev.tailwatch.schema.TopicSpec;
import dev.tailwatch.schema.Topics;
import dev.tailwatch.streams.metrics.TailwatchMetrics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;

/**
 * The processors' topology: runs, noise and metrics feed one analyzer per partition (so one run's
 * inputs meet in one task), which writes α estimates, events, layer statistics and dead letters.
 * Values arrive as bytes and are decoded by the analyzer itself, so a bad record becomes a dead letter
 * with its reason instead of a deserialization failure. The analyzer's runs live in a changelogged state
 * store ({@link AnalysisStateStore}), so exactly-once covers the analysis state as well as the records.
 */
public final class TailwatchTopology {

    static final String ANALYZER = "analyzer";
    static final String ALPHA_SINK = "alpha-sink";
    static final String EVENTS_SINK = "events-sink";
    static final String LAYER_STATS_SINK = "layer-stats-sink";
    static final String DLQ_SINK = "dlq-sink";

    private TailwatchTopology() {
    }

    public static Topology build(ProcessorSettings settings, TailwatchMetrics metrics) {
        Topology topology = new Topology();
        StringDeserializer keys = new StringDeserializer();
        ByteArrayDeserializer values = new ByteArrayDeserializer();
        topology.addSource("runs-source", keys, values, Topics.RUNS.name());
        topology.addSource("noise-source", keys, values, Topics.NOISE.name());
        topology.addSource("metrics-source", keys, values, Topics.METRICS.name());
        topology.addProcessor(ANALYZER, () -> new AnalyzerProcessor(settings, metrics),
                "runs-source", "noise-source", "metrics-source");
        topology.addStateStore(new AnalysisStateStoreBuilder(new SnapshotRunStateCodec(settings.analysis()), metrics), ANALYZER);
        addSink(topology, ALPHA_SINK, Topics.ALPHA);
        addSink(topology, EVENTS_SINK, Topics.EVENTS);
        addSink(topology, LAYER_STATS_SINK, Topics.LAYER_STATS);
        addSink(topology, DLQ_SINK, Topics.DLQ);
        return topology;
    }

    private static <V extends SpecificRecord> void addSink(Topology topology, String name, TopicSpec<V> topic) {
        topology.addSink(name, topic.name(), new StringSerializer(), anyRecord(topic.valueSerde()), ANALYZER);
    }

    /** The analyzer forwards several record types; each sink only ever receives its own. */
    private static <V extends SpecificRecord> Serializer<Object> anyRecord(AvroSerde<V> serde) {
        return (topic, value) -> serde.encode(serde.type().cast(value));
    }
}
