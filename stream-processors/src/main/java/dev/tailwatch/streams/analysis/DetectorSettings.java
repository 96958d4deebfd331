package dev.tailwatch.streams.analysis;

import dev.tailwatch.math.detect.CusumDetector;
import dev.tailwatch.math.detect.JumpAtMinimumDetector;
import dev.tailwatch.math.detect.PhaseTracker;

/** Parameters of the detectors run on every α series and on the training metrics. */
public record DetectorSettings(
        CusumDetector.Parameters cusum,
        PhaseTracker.Parameters phase,
        JumpAtMinimumDetector.Parameters jumpAtMinimum) {

    public static DetectorSettings defaults() {
        return new DetectorSettings(CusumDetector.Parameters.defaults(), PhaseTracker.Parameters.defaults(),
                JumpAtMinimumDetector.Parameters.defaults());
    }
}
