package dev.tailwatch.streams.kafka;

import dev.tailwatch.schema.avro.AlphaEstimate;
import dev.tailwatch.schema.avro.AlphaScope;
import dev.tailwatch.schema.avro.EventType;
import dev.tailwatch.schema.avro.LayerStats;
import dev.tailwatch.schema.avro.TailEvent;
import dev.tailwatch.streams.analysis.AlphaPoint;
import dev.tailwatch.streams.analysis.EventPoint;
import dev.tailwatch.streams.analysis.LayerStatsPoint;
import java.util.HashMap;

/** Analysis results as the Avro records of the output topics; shared by the live processors and replay. */
public final class AvroRecords {

    private AvroRecords() {
    }

    public static AlphaEstimate alpha(AlphaPoint p) {
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

    public static TailEvent event(EventPoint e) {
        return TailEvent.newBuilder()
                .setRunId(e.runId())
                .setIteration(e.iteration())
                .setLayer(e.layer())
                .setType(EventType.valueOf(e.kind().name()))
                .setBefore(e.before())
                .setAfter(e.after())
                .setMagnitude(e.magnitude())
                .setDetector(e.detector())
                .setParameters(new HashMap<>(e.parameters()))
                .setMessage(e.message())
                .setTimestampMs(e.timestampMs())
                .build();
    }

    public static LayerStats layerStats(LayerStatsPoint p) {
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
