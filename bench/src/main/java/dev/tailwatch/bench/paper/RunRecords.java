package dev.tailwatch.bench.paper;

import dev.tailwatch.schema.avro.AlphaEstimate;
import dev.tailwatch.schema.avro.AlphaScope;
import dev.tailwatch.schema.avro.RunInfo;
import dev.tailwatch.schema.avro.TrainingMetrics;
import java.util.ArrayList;
import java.util.List;

/** What the pipeline's topics hold about one run: the processors' α records, the trainer's metrics and run info. */
final class RunRecords {

    final List<AlphaEstimate> alpha = new ArrayList<>();
    final List<TrainingMetrics> metrics = new ArrayList<>();
    RunInfo info;

    /** The newest test accuracy the trainer published, NaN before any. */
    double lastTestAccuracy() {
        for (int i = metrics.size() - 1; i >= 0; i--) {
            Double acc = metrics.get(i).getTestAccuracy();
            if (acc != null) {
                return acc;
            }
        }
        return Double.NaN;
    }

    /** The newest training-set accuracy the trainer published (its evaluation subset), NaN before any. */
    double lastTrainAccuracy() {
        for (int i = metrics.size() - 1; i >= 0; i--) {
            Double acc = metrics.get(i).getTrainAccuracy();
            if (acc != null) {
                return acc;
            }
        }
        return Double.NaN;
    }

    /** The learning rate of the last step the trainer published, NaN before any. */
    double lastLearningRate() {
        TrainingMetrics last = null;
        for (TrainingMetrics m : metrics) {
            if (last == null || m.getIteration() >= last.getIteration()) {
                last = m;
            }
        }
        return last == null ? Double.NaN : last.getLearningRate();
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
