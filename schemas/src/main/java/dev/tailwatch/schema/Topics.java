package dev.tailwatch.schema;

import dev.tailwatch.schema.avro.AlphaEstimate;
import dev.tailwatch.schema.avro.DeadLetter;
import dev.tailwatch.schema.avro.LayerStats;
import dev.tailwatch.schema.avro.NoiseSample;
import dev.tailwatch.schema.avro.RunInfo;
import dev.tailwatch.schema.avro.TailEvent;
import dev.tailwatch.schema.avro.TrainingMetrics;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The one catalogue of tailwatch's topics. Every record of one run is keyed by its run id, which keeps a
 * run's records ordered in one partition while runs spread over partitions. The input topics (runs,
 * noise, metrics) must have the same partition count: the processors join them per partition.
 */
public final class Topics {

    public static final TopicSpec<RunInfo> RUNS = new TopicSpec<>("runs", RunInfo.class, true,
            "run info: model, data set, layers, probe settings, status (compacted: latest per run)");
    public static final TopicSpec<NoiseSample> NOISE = new TopicSpec<>("noise", NoiseSample.class, false,
            "gradient-noise samples, one per (iteration, layer)");
    public static final TopicSpec<TrainingMetrics> METRICS = new TopicSpec<>("metrics", TrainingMetrics.class, false,
            "loss, accuracy, learning rate, batch size, gradient norm, step time");
    public static final TopicSpec<AlphaEstimate> ALPHA = new TopicSpec<>("alpha", AlphaEstimate.class, false,
            "α per layer and network-wide, per iteration and rolling");
    public static final TopicSpec<TailEvent> EVENTS = new TopicSpec<>("events", TailEvent.class, false,
            "α drops and rises, phase changes, loss/accuracy jumps, jumps at α minimum, stalls");
    public static final TopicSpec<LayerStats> LAYER_STATS = new TopicSpec<>("layer-stats", LayerStats.class, false,
            "per-layer heavy-tail statistics: α, McCulloch α, Hill, kurtosis, α_i quantiles, SαS wins");
    public static final TopicSpec<DeadLetter> DLQ = new TopicSpec<>("dlq", DeadLetter.class, false,
            "records the processors could not use, whole, with the reason and source coordinates");

    private static final List<TopicSpec<?>> ALL = List.of(RUNS, NOISE, METRICS, ALPHA, EVENTS, LAYER_STATS, DLQ);

    private Topics() {
    }

    /** Every topic, inputs first. */
    public static List<TopicSpec<?>> all() {
        return ALL;
    }

    /**
     * The topic with this short name ({@code noise}) or full name ({@code tailwatch.noise}).
     *
     * @throws IllegalArgumentException listing the known names
     */
    public static TopicSpec<?> byName(String name) {
        for (TopicSpec<?> spec : ALL) {
            if (spec.shortName().equals(name) || spec.name().equals(name)) {
                return spec;
            }
        }
        throw new IllegalArgumentException("unknown topic '" + name + "'; known: "
                + ALL.stream().map(TopicSpec::shortName).collect(Collectors.joining(", ")));
    }

    /** All topics to create, each with the given partitions and replication factor. */
    public static List<NewTopic> newTopics(int partitions, short replicationFactor) {
        return ALL.stream().map(t -> t.newTopic(partitions, replicationFactor)).collect(Collectors.toList());
    }
}
