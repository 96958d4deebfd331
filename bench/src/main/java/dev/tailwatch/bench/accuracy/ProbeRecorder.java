package dev.tailwatch.bench.accuracy;

import dev.tailwatch.streams.analysis.AlphaPoint;
import dev.tailwatch.streams.analysis.AnalysisConfig;
import dev.tailwatch.streams.analysis.AnalysisSink;
import dev.tailwatch.streams.analysis.EventPoint;
import dev.tailwatch.streams.analysis.LayerStatsPoint;
import dev.tailwatch.streams.analysis.MetricsInput;
import dev.tailwatch.streams.analysis.NoiseInput;
import dev.tailwatch.streams.analysis.RejectedInputException;
import dev.tailwatch.streams.analysis.RunAnalyzer;
import dev.tailwatch.trainer.probe.NoiseSink;
import dev.tailwatch.trainer.probe.ProbedNoise;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One probe's view of a run as the processors would see it: its samples go into the processors' own
 * {@link RunAnalyzer} (with the given configuration, normally the live defaults) without Kafka, and the α
 * points and events that come out are kept. Timestamps are the iteration, so the results are a function
 * of the training run alone.
 */
public final class ProbeRecorder implements NoiseSink, AnalysisSink {

    private final String probe;
    private final RunAnalyzer analyzer;
    /** layer → iteration → point, per scope. */
    private final Map<AlphaPoint.Scope, Map<String, TreeMap<Long, AlphaPoint>>> series = new TreeMap<>();
    private final List<EventPoint> events = new ArrayList<>();
    private final List<String> rejected = new ArrayList<>();

    public ProbeRecorder(String probe, AnalysisConfig config) {
        this.probe = probe;
        this.analyzer = new RunAnalyzer("agreement-" + probe, config);
        for (AlphaPoint.Scope scope : AlphaPoint.Scope.values()) {
            series.put(scope, new TreeMap<>());
        }
    }

    public String probe() {
        return probe;
    }

    @Override
    public void noise(long iteration, List<ProbedNoise> layers) {
        for (ProbedNoise n : layers) {
            try {
                analyzer.onNoise(new NoiseInput(analyzer.runId(), iteration, n.layer(), n.layerIndex(), n.layerCount(), n.tracked(),
                        n.rows(), n.cols(), n.values(), iteration, n.networkColumns()), this);
            } catch (RejectedInputException e) {
                rejected.add(iteration + " " + n.layer() + ": " + e.getMessage());
            }
        }
    }

    /** Loss and accuracy, so the metric-jump and jump-at-α-minimum detectors run as they do live. */
    public void metrics(long iteration, double loss, Double trainAccuracy, Double testAccuracy) {
        try {
            analyzer.onMetrics(new MetricsInput(analyzer.runId(), iteration, loss, trainAccuracy, testAccuracy, iteration), this);
        } catch (RejectedInputException e) {
            rejected.add(iteration + " metrics: " + e.getMessage());
        }
    }

    @Override
    public void alpha(AlphaPoint point) {
        series.get(point.scope()).computeIfAbsent(point.layer(), l -> new TreeMap<>()).put(point.iteration(), point);
    }

    @Override
    public void event(EventPoint event) {
        events.add(event);
    }

    @Override
    public void layerStats(LayerStatsPoint stats) {
    }

    /** iteration → point of one layer (or {@link AlphaPoint#NETWORK}) in one scope; empty if none. */
    public TreeMap<Long, AlphaPoint> series(AlphaPoint.Scope scope, String layer) {
        return series.get(scope).getOrDefault(layer, new TreeMap<>());
    }

    public List<String> layers() {
        return new ArrayList<>(series.get(AlphaPoint.Scope.ITERATION).keySet());
    }

    public List<EventPoint> events() {
        return events;
    }

    public List<String> rejected() {
        return rejected;
    }

    public int k1() {
        return analyzer.k1();
    }
}
