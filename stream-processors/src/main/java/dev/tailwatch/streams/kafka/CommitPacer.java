package dev.tailwatch.streams.kafka;

import java.time.Duration;

/**
 * Decides when a task asks Kafka Streams for a commit. Every commit writes a snapshot of each run that changed, and
 * while a task works through a backlog those snapshots, not the analysis, set its pace; yet live α must reach
 * read_committed readers within the live commit interval. So Kafka Streams commits on its own only at the backlog
 * interval, and a task that saw live input since its last request asks for a commit at the live interval.
 *
 * <p>Only when outputs become visible depends on this, never what they are: exactly-once covers whatever commits.
 */
final class CommitPacer {

    private final long liveAgeMs;
    private boolean liveSinceRequest;

    CommitPacer(Duration liveAge) {
        this.liveAgeMs = liveAge.toMillis();
    }

    /** An input with this record timestamp was processed at {@code nowMs} (this machine's clock). */
    void processed(long recordTimestampMs, long nowMs) {
        if (nowMs - recordTimestampMs <= liveAgeMs) {
            liveSinceRequest = true;
        }
    }

    /** Called at the live interval: whether to request a commit now (once per stretch of live input). */
    boolean commitDue() {
        boolean due = liveSinceRequest;
        liveSinceRequest = false;
        return due;
    }
}
