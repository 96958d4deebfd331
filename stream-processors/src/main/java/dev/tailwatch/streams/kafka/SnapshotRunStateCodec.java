package dev.tailwatch.streams.kafka;

import dev.tailwatch.streams.analysis.AnalysisConfig;
import dev.tailwatch.streams.analysis.snapshot.RestoredRun;
import dev.tailwatch.streams.analysis.snapshot.RunFlags;
import dev.tailwatch.streams.analysis.snapshot.RunSnapshotCodec;

/** The store's codec: the versioned Avro snapshot of the analyzer plus the processor's per-run flags. */
final class SnapshotRunStateCodec implements RunStateCodec {

    private final RunSnapshotCodec codec;

    SnapshotRunStateCodec(AnalysisConfig config) {
        this.codec = new RunSnapshotCodec(config);
    }

    @Override
    public byte[] encode(RunState run) {
        return codec.encode(run.analyzer, new RunFlags(run.finished, run.stallReported, run.lastInputWallMs));
    }

    @Override
    public RunState decode(String runId, byte[] snapshot) {
        RestoredRun restored = codec.decode(snapshot);
        if (!restored.analyzer().runId().equals(runId)) {
            throw new IllegalStateException("the analysis snapshot stored under run " + runId + " belongs to run "
                    + restored.analyzer().runId());
        }
        RunFlags flags = restored.flags();
        return new RunState(restored.analyzer(), flags.lastInputWallMs(), flags.finished(), flags.stallReported());
    }
}
