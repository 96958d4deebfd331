package dev.tailwatch.streams.kafka;

import dev.tailwatch.streams.analysis.AnalysisConfig;
import dev.tailwatch.streams.analysis.RunAnalyzer;

/** What the processor keeps per run besides the analysis: liveness for stall detection and eviction. */
final class RunState {

    final RunAnalyzer analyzer;
    long lastInputWallMs;
    boolean finished;
    boolean stallReported;

    RunState(String runId, AnalysisConfig config, long nowMs) {
        this.analyzer = new RunAnalyzer(runId, config);
        this.lastInputWallMs = nowMs;
    }

    void touched(long nowMs) {
        lastInputWallMs = nowMs;
        stallReported = false;
    }
}
