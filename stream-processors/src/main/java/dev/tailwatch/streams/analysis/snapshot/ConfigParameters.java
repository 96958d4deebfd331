package dev.tailwatch.streams.analysis.snapshot;

import dev.tailwatch.math.detect.CusumDetector;
import dev.tailwatch.math.detect.JumpAtMinimumDetector;
import dev.tailwatch.math.detect.PhaseTracker;
import dev.tailwatch.schema.avro.snapshot.AnalysisParameters;
import dev.tailwatch.streams.analysis.AnalysisConfig;
import dev.tailwatch.streams.analysis.LayerStatsSettings;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * The analysis configuration as a snapshot records it, and the check that a snapshot was taken with the
 * configuration it is restored into: the state's meaning depends on it (a window of 50 items restored
 * into a window of 100, a reservoir of another size, detectors warmed up with other thresholds).
 */
final class ConfigParameters {

    private ConfigParameters() {
    }

    static AnalysisParameters of(AnalysisConfig c) {
        CusumDetector.Parameters cusum = c.detectors().cusum();
        PhaseTracker.Parameters phase = c.detectors().phase();
        JumpAtMinimumDetector.Parameters jump = c.detectors().jumpAtMinimum();
        LayerStatsSettings stats = c.layerStats();
        return AnalysisParameters.newBuilder()
                .setWindow(c.window())
                .setFixedK1(c.fixedK1())
                .setLateLayerAllowance(c.lateLayerAllowance())
                .setCusumWarmup(cusum.warmup())
                .setCusumK(cusum.k())
                .setCusumH(cusum.h())
                .setCusumSigmaInflation(cusum.sigmaInflation())
                .setPhaseWindow(phase.window())
                .setPhaseT0(phase.t0())
                .setPhasePersistence(phase.persistence())
                .setJumpSmoothing(jump.smoothing())
                .setJumpLookBack(jump.lookBack())
                .setJumpLookAhead(jump.lookAhead())
                .setJumpZ(jump.z())
                .setLayerStatsWindow(stats.window())
                .setReservoirSize(stats.reservoirSize())
                .setReservoirSeed(stats.seed())
                .setMinValuesPerCoordinate(stats.minValuesPerCoordinate())
                .build();
    }

    /**
     * The first parameter that differs, as "name snapshot-value vs current-value" (e.g. "window 100 vs 50");
     * empty when all are equal. Doubles compare by their bits, like everything else in a snapshot.
     */
    static Optional<String> firstDifference(AnalysisParameters snapshot, AnalysisParameters current) {
        for (Schema.Field field : AnalysisParameters.getClassSchema().getFields()) {
            Object taken = snapshot.get(field.pos());
            Object now = current.get(field.pos());
            if (!Objects.equals(taken, now)) {
                return Optional.of(field.name() + " " + taken + " vs " + now);
            }
        }
        return Optional.empty();
    }
}
