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

    /**
     * Partitions of every run-keyed topic. The input topics (runs, noise, metrics) must share one count,
     * and the outputs use it too so a run's results land in the same-numbered partition as its inputs.
     */
    public static final int RUN_PARTITIONS = 6;

    /** Run info: model, data set, layers, probe settings, status; compacted, so the latest per run stays. */
    public static final TopicSpec<RunInfo> RUNS = new TopicSpec<>("runs", RunInfo.class, true, true, RUN_PARTITIONS,
            "run info: model, data set, layers, probe settings, status (compacted: latest per run)");
    /** Gradient-noise samples, one per (iteration, layer). */
    public static final TopicSpec<NoiseSample> NOISE = new TopicSpec<>("noise", NoiseSample.class, false, true,
            RUN_PARTITIONS, "gradient-noise samples, one per (iteration, layer)");
    /** Training progress per iteration. */
    public static final TopicSpec<TrainingMetrics> METRICS = new TopicSpec<>("metrics", TrainingMetrics.class, false,
            true, RUN_PARTITIONS, "loss, accuracy, learning rate, batch size, gradient norm, step time");
    /** α series: per layer and network-wide, per iteration and rolling. */
    public static final TopicSpec<AlphaEstimate> ALPHA = new TopicSpec<>("alpha", AlphaEstimate.class, false, true,
            RUN_PARTITIONS, "α per layer and network-wide, per iteration and rolling");
    /** What the detectors saw. */
    public static final TopicSpec<TailEvent> EVENTS = new TopicSpec<>("events", TailEvent.class, false, true,
            RUN_PARTITIONS, "α drops and rises, phase changes, loss/accuracy jumps, jumps at α minimum, stalls");
    /** Per-layer heavy-tail statistics over a window. */
    public static final TopicSpec<LayerStats> LAYER_STATS = new TopicSpec<>("layer-stats", LayerStats.class, false,
            true, RUN_PARTITIONS,
            "per-layer heavy-tail statistics: α, McCulloch α, Hill, kurtosis, α_i quantiles, SαS wins");
    /**
     * Rejected input, whole. One partition: it is rare, and one ordered log is what an operator reads
     * when something went wrong.
     */
    public static final TopicSpec<DeadLetter> DLQ = new TopicSpec<>("dlq", DeadLetter.class, false, false, 1,
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

    /** All topics to create, each with its suggested partitions and the given replication factor. */
    public static List<NewTopic> newTopics(short replicationFactor) {
        return ALL.stream().map(t -> t.newTopic(replicationFactor)).collect(Collectors.toList());
    }

    /**
     * All topics to create, each with the given partitions and replication factor — for tests and small
     * brokers that want one count everywhere.
     */
    public static List<NewTopic> newTopics(int partitions, short replicationFactor) {
        return ALL.stream().map(t -> t.newTopic(partitions, replicationFactor)).collect(Collectors.toList());
    }
}
