package dev.tailwatch.streams.analysis;

/**
 * Receives what the analysis produces. The Kafka processors forward to topics and metrics; replay
 * writes report files. One interface for both is what keeps live and replayed results identical.
 */
public interface AnalysisSink {

    void alpha(AlphaPoint point);

    void event(EventPoint event);

    void layerStats(LayerStatsPoint stats);
}
