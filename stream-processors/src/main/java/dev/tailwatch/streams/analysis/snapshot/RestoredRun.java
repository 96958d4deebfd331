package dev.tailwatch.streams.analysis.snapshot;

import dev.tailwatch.streams.analysis.RunAnalyzer;

/** A run restored from a snapshot: its analyzer, ready for the next input, and its run-level flags. */
public record RestoredRun(RunAnalyzer analyzer, RunFlags flags) {
}
