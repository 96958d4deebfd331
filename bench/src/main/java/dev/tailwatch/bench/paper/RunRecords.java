package dev.tailwatch.bench.paper;

import dev.tailwatch.schema.avro.AlphaEstimate;
import dev.tailwatch.schema.avro.AlphaScope;
import dev.tailwatch.schema.avro.RunInfo;
import dev.tailwatch.schema.avro.TrainingMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** What the pipeline's topics hold about one run: the processors' α records, the trainer's metrics and run info. */
final class RunRecords {

    final List<AlphaEstimate> alpha = new ArrayList<>();
    final List<TrainingMetrics> metrics = new ArrayList<>();
    RunInfo info;

    /** The newest test accuracy the trainer published, NaN before any. */
    double lastTestAccuracy() {
        return newest(TrainingMetrics::getTestAccuracy);
    }

    /** The newest training-set accuracy the trainer published (its evaluation subset), NaN before any. */
    double lastTrainAccuracy() {
        return newest(TrainingMetrics::getTrainAccuracy);
    }

    /** Evaluations are published every few steps only: the newest record that has one. */
    private double newest(Function<TrainingMetrics, Double> field) {
        for (int i = metrics.size() - 1; i >= 0; i--) {
            Double value = field.apply(metrics.get(i));
            if (value != null) {
                return value;
            }
        }
        return Double.NaN;
    }

    /** The learning rate of the newest step the trainer published, NaN before any. */
    double lastLearningRate() {
        return metrics.isEmpty() ? Double.NaN : metrics.get(metrics.size() - 1).getLearningRate();
    }

    /** The last iteration the trainer published metrics for, -1 before any. */
    long lastMetricsIteration() {
        long last = -1;
        for (TrainingMetrics m : metrics) {
            last = Math.max(last, m.getIteration());
        }
        return last;
    }

    /** The last iteration with a network-wide per-iteration α, -1 before any. */
    long lastNetworkIteration() {
        long last = -1;
        for (AlphaEstimate a : alpha) {
            if (a.getLayer().toString().equals(AlphaSeries.NETWORK) && a.getScope() == AlphaScope.ITERATION) {
                last = Math.max(last, a.getIteration());
            }
        }
        return last;
    }
}
