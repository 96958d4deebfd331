package dev.tailwatch.streams.analysis;

/**
 * One decoded training-metrics record.
 *
 * @param trainAccuracy null when not evaluated at this iteration
 * @param testAccuracy  null when not evaluated at this iteration
 */
public record MetricsInput(String runId, long iteration, double loss, Double trainAccuracy, Double testAccuracy,
                           long timestampMs) {
}
