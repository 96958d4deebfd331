package dev.tailwatch.streams.analysis;

import java.util.Locale;
import java.util.Map;

/**
 * Something a detector saw in a run.
 *
 * @param layer     layer name, {@link AlphaPoint#NETWORK} for network-wide α, or "" for training metrics
 * @param magnitude size of the change in the detector's own units
 * @param detector  detector name, e.g. cusum
 */
public record EventPoint(
        String runId,
        long iteration,
        String layer,
        Kind kind,
        double before,
        double after,
        double magnitude,
        String detector,
        Map<String, Double> parameters,
        String message,
        long timestampMs) {

    /** Event types; the names match the Avro EventType symbols and, lower-cased, the metric label. */
    public enum Kind {
        ALPHA_DROP,
        ALPHA_RISE,
        PHASE_CHANGE,
        LOSS_JUMP,
        ACCURACY_JUMP,
        JUMP_AT_ALPHA_MIN,
        RUN_STALLED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
