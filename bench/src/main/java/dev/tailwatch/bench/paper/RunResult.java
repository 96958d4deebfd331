package dev.tailwatch.bench.paper;

import dev.tailwatch.schema.avro.AlphaScope;
import dev.tailwatch.schema.avro.LayerInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One grid run as the report shows it: its α series from the topics, the network-wide and per-layer tail
 * averages from {@code tailFrom} on, the final test and training accuracy and learning rate (from the metrics topic), and how
 * long it took.
 */
record RunResult(GridRun run, String runId, long iterations, long tailFrom, List<AlphaSeries> perIteration,
                 List<AlphaSeries> rolling, TailAverage network, Map<String, TailAverage> layers, double testAccuracy,
                 double trainAccuracy, double finalLearningRate, long parameters, double seconds) {

    static RunResult of(GridRun run, String runId, long iterations, double tailFraction, RunRecords records, double seconds) {
        long tailFrom = (long) Math.floor(iterations * (1 - tailFraction));
        List<AlphaSeries> perIteration = AlphaSeries.of(records.alpha, AlphaScope.ITERATION);
        List<AlphaSeries> rolling = AlphaSeries.of(records.alpha, AlphaScope.ROLLING);
        Map<String, TailAverage> layers = new LinkedHashMap<>();
        TailAverage network = null;
        for (AlphaSeries s : perIteration) {
            TailAverage t = TailAverage.of(s.from(tailFrom));
            if (s.layer().equals(AlphaSeries.NETWORK)) {
                network = t;
            } else {
                layers.put(s.layer(), t);
            }
        }
        long parameters = 0;
        if (records.info != null) {
            for (LayerInfo l : records.info.getLayers()) {
                parameters += l.getParameterCount();
            }
        }
        return new RunResult(run, runId, iterations, tailFrom, perIteration, rolling, network, layers, records.lastTestAccuracy(),
                records.lastTrainAccuracy(), records.lastLearningRate(), parameters, seconds);
    }

    AlphaSeries networkPerIteration() {
        return perIteration.get(0);
    }

    AlphaSeries networkRolling() {
        return rolling.get(0);
    }
}
