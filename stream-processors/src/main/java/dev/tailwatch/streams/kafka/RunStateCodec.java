package dev.tailwatch.streams.kafka;

/** Turns a run's whole state into a snapshot and back, bit for bit. */
interface RunStateCodec {

    byte[] encode(RunState run);

    /** @throws RuntimeException with a one-line message when the snapshot cannot be restored */
    RunState decode(String runId, byte[] snapshot);
}
