package dev.tailwatch.streams.kafka;

import dev.tailwatch.schema.avro.AlphaEstimate;
import dev.tailwatch.schema.avro.AlphaScope;
import dev.tailwatch.schema.avro.LayerStats;
import dev.tailwatch.streams.analysis.AlphaPoint;
import dev.tailwatch.streams.analysis.LayerStatsPoint;

/** Turns analysis results into their topic records. */
final class AvroRecords {

    private AvroRecords() {
    }

    static AlphaEstimate alpha(AlphaPoint p) {
        return AlphaEstimate.newBuilder()
                .setRunId(p.runId())
                .setIteration(p.iteration())
                .setLayer(p.layer())
                .setScope(p.scope() == AlphaPoint.Scope.ITERATION ? AlphaScope.ITERATION : AlphaScope.ROLLING)
                .setEstimator(p.estimator())
                .setAlpha(p.alpha())
                .setStderr(p.stderr())
                .setK1(p.k1())
                .setK2(p.k2())
                .setUsed(p.used())
                .setDropped(p.dropped())
                .setWindowIterations(p.windowIterations())
                .setLayersMerged(p.layersMerged())
                .setTimestampMs(p.timestampMs())
                .build();
    }

    static LayerStats layerStats(LayerStatsPoint p) {
        return LayerStats.newBuilder()
                .setRunId(p.runId())
                .setIteration(p.iteration())
                .setLayer(p.layer())
                .setWindowIterations(p.windowIterations())
                .setAlpha(p.alpha())
                .setAlphaStderr(p.alphaStderr())
                .setMccullochAlpha(present(p.mccullochAlpha()))
                .setHillAlpha(present(p.hillAlpha()))
                .setKurtosis(present(p.kurtosis()))
                .setAlphaIP10(present(p.alphaIP10()))
                .setAlphaIP50(present(p.alphaIP50()))
                .setAlphaIP90(present(p.alphaIP90()))
                .setSasWinsFraction(present(p.sasWinsFraction()))
                .setCoordinates(p.coordinates())
                .setValuesUsed(p.valuesUsed())
                .setTimestampMs(p.timestampMs())
                .build();
    }

    /** The optional fields are null, not NaN, when the window could not support the statistic. */
    private static Double present(double value) {
        return Double.isNaN(value) ? null : value;
    }
}
