package dev.tailwatch.streams.analysis.snapshot;

/**
 * Run-level flags the processor keeps besides the analysis; they affect RUN_STALLED output.
 *
 * @param finished        the run reported FINISHED or FAILED: it is never reported stalled
 * @param stallReported   RUN_STALLED was emitted for the current silence (re-armed by the next input)
 * @param lastInputWallMs wall-clock time of the run's last input, epoch milliseconds
 */
public record RunFlags(boolean finished, boolean stallReported, long lastInputWallMs) {
}
