package dev.tailwatch.math.detect;

import java.util.Map;

/**
 * A change a detector decided on.
 *
 * @param kind        what changed
 * @param iteration   the observation at which the detector decided
 * @param since       where the change is estimated to have started (equal to iteration when unknown)
 * @param before      level before the change
 * @param after       level after the change
 * @param magnitude   size of the change in the detector's own units (documented per detector)
 * @param detector    detector name
 * @param parameters  the detector's parameters
 * @param description one sentence for people
 */
public record Change(
        Kind kind,
        long iteration,
        long since,
        double before,
        double after,
        double magnitude,
        String detector,
        Map<String, Double> parameters,
        String description) {

    /** What changed. */
    public enum Kind {
        ALPHA_DROP,
        ALPHA_RISE,
        PHASE_CHANGE,
        LOSS_JUMP,
        ACCURACY_JUMP,
        JUMP_AT_ALPHA_MIN
    }
}
