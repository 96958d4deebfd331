package dev.tailwatch.streams.replay;

import dev.tailwatch.schema.avro.AlphaEstimate;
import dev.tailwatch.schema.avro.LayerStats;
import dev.tailwatch.schema.avro.TailEvent;
import dev.tailwatch.schema.avro.TrainingMetrics;
import java.util.List;
import java.util.Map;

/**
 * What a replay produced, as the records the live processors would have published, in the order they
 * would have published them; plus the run's metrics and the inputs that were rejected (reason → count).
 */
public record ReplayResult(List<AlphaEstimate> alpha, List<TailEvent> events, List<LayerStats> layerStats,
                           List<TrainingMetrics> metrics, Map<String, Long> rejected) {
}
