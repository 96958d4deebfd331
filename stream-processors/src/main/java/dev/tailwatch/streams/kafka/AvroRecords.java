package dev.tailwatch.streams.kafka;

import dev.tailwatch.schema.avro.AlphaEstimate;
import dev.tailwatch.schema.avro.AlphaScope;
import dev.tailwatch.streams.analysis.AlphaPoint;

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
}
