package dev.tailwatch.streams.kafka;

import dev.tailwatch.streams.analysis.AnalysisConfig;
import dev.tailwatch.streams.analysis.RunAnalyzer;

/**
 * What the processor keeps per run: the analysis plus wall-clock liveness for stall reports and eviction.
 * All of it is in the run's snapshot (a stall already reported is not reported again after a restore).
 */
final class RunState {

    final RunAnalyzer analyzer;
    long lastInputWallMs;
    boolean finished;
    boolean stallReported;

    RunState(String runId, AnalysisConfig config, long nowMs) {
        this(new RunAnalyzer(runId, config), nowMs, false, false);
    }

    RunState(RunAnalyzer analyzer, long lastInputWallMs, boolean finished, boolean stallReported) {
        this.analyzer = analyzer;
        this.lastInputWallMs = lastInputWallMs;
        this.finished = finished;
        this.stallReported = stallReported;
    }

    void touched(long nowMs) {
        lastInputWallMs = nowMs;
        stallReported = false;
    }
}
