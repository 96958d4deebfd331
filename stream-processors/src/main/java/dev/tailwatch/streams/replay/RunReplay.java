package dev.tailwatch.streams.replay;

import dev.tailwatch.schema.Topics;
import dev.tailwatch.schema.avro.AlphaEstimate;
import dev.tailwatch.schema.avro.LayerStats;
import dev.tailwatch.schema.avro.TailEvent;
import dev.tailwatch.schema.avro.TrainingMetrics;
import dev.tailwatch.streams.analysis.AlphaPoint;
import dev.tailwatch.streams.analysis.AnalysisConfig;
import dev.tailwatch.streams.analysis.AnalysisSink;
import dev.tailwatch.streams.analysis.EventPoint;
import dev.tailwatch.streams.analysis.LayerStatsPoint;
import dev.tailwatch.streams.analysis.NoiseInput;
import dev.tailwatch.streams.analysis.RejectReason;
import dev.tailwatch.streams.analysis.RejectedInputException;
import dev.tailwatch.streams.analysis.RunAnalyzer;
import dev.tailwatch.streams.kafka.AvroRecords;
import dev.tailwatch.streams.kafka.InputDecoder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Analyses a recorded run again with the same {@link RunAnalyzer} and {@link InputDecoder} as the live
 * processors, so with the live parameters it reproduces the live α records and events exactly.
 *
 * <p>Noise and metrics are each taken in their recorded order (a run's records are in one partition of
 * each topic); across the two topics they are interleaved by timestamp. Nothing in the analysis depends
 * on that interleaving (the jump-at-α-minimum detector places a metric jump by its iteration), which is
 * what makes live and replayed events agree. Run-stalled events are wall-clock judgements of the live
 * system and are not replayed.
 */
public final class RunReplay {

    private final AnalysisConfig config;
    private final InputDecoder decoder;

    public RunReplay(AnalysisConfig config, int maxRecordBytes) {
        this.config = config;
        this.decoder = new InputDecoder(maxRecordBytes);
    }

    /**
     * @param fromIteration first iteration analysed (inclusive); rolling windows and detectors start there
     * @param toIteration   last iteration analysed (inclusive)
     */
    public ReplayResult replay(String runId, List<InputRecord> noise, List<InputRecord> metrics, long fromIteration,
                               long toIteration) {
        List<InputRecord> inputs = new ArrayList<>(noise.size() + metrics.size());
        inputs.addAll(noise);
        inputs.addAll(metrics);
        // A stable sort: each topic's own order is kept among equal timestamps.
        inputs.sort(Comparator.comparingLong(InputRecord::timestampMs));
        List<AlphaEstimate> alpha = new ArrayList<>();
        List<TailEvent> events = new ArrayList<>();
        List<LayerStats> layerStats = new ArrayList<>();
        List<TrainingMetrics> metricRecords = new ArrayList<>();
        Map<String, Long> rejected = new TreeMap<>();
        RunAnalyzer analyzer = new RunAnalyzer(runId, config);
        AnalysisSink sink = new AnalysisSink() {
            @Override
            public void alpha(AlphaPoint point) {
                alpha.add(AvroRecords.alpha(point));
            }

            @Override
            public void event(EventPoint event) {
                events.add(AvroRecords.event(event));
            }

            @Override
            public void layerStats(LayerStatsPoint stats) {
                layerStats.add(AvroRecords.layerStats(stats));
            }
        };
        for (InputRecord r : inputs) {
            try {
                if (r.topic().equals(Topics.NOISE.name())) {
                    NoiseInput in = decoder.noise(r.key(), r.value());
                    if (in.iteration() >= fromIteration && in.iteration() <= toIteration) {
                        analyzer.onNoise(in, sink);
                    }
                } else if (r.topic().equals(Topics.METRICS.name())) {
                    TrainingMetrics m = decoder.metricsRecord(r.key(), r.value());
                    if (m.getIteration() >= fromIteration && m.getIteration() <= toIteration) {
                        analyzer.onMetrics(InputDecoder.metricsInput(m), sink);
                        metricRecords.add(m);
                    }
                }
            } catch (RejectedInputException | RuntimeException e) {
                // Classified as the live processors classify it; a processing error is counted, as live it is
                // dead-lettered, instead of ending the replay.
                rejected.merge(RejectReason.of(e).code(), 1L, Long::sum);
            }
        }
        return new ReplayResult(alpha, events, layerStats, metricRecords, rejected);
    }
}
