package dev.tailwatch.streams.kafka;

import dev.tailwatch.schema.TopicSpec;
import dev.tailwatch.schema.client.ClientConfigFile;
import dev.tailwatch.streams.analysis.AnalysisConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the processors run: where Kafka is, what they are called there, and the limits that keep them
 * bounded.
 *
 * @param bootstrapServers  Kafka bootstrap servers
 * @param applicationId     Kafka Streams application id (consumer group, state and changelog prefix);
 *                          instances with the same id share the work
 * @param stateDir          Kafka Streams state directory
 * @param analysis          the analysis parameters (shared with replay)
 * @param maxRecordBytes    larger noise records go to the dead-letter topic as oversized
 * @param idleEviction      a run with no input for this long is evicted (state and metric series)
 * @param stallTimeout      a run that has not finished and has had no input for this long is reported stalled
 * @param streamThreads     Kafka Streams threads
 * @param standbyReplicas   warm copies of each task's state on other instances, for fail-over without a restore
 * @param client            a secured cluster's client settings, given to every client the processors make
 * @param commitInterval    how often a task commits while its input is live: its outputs become visible to
 *                          read_committed readers, and each run that changed writes one snapshot of its analysis
 *                          state, at this rate
 * @param backlogCommitInterval how often a task commits while it only works through older input (a backlog after a
 *                          restart, a replay): fewer snapshots, so the backlog goes faster; equal to
 *                          {@code commitInterval} to commit at one rate always
 */
public record ProcessorSettings(
        String bootstrapServers,
        String applicationId,
        Path stateDir,
        AnalysisConfig analysis,
        int maxRecordBytes,
        Duration idleEviction,
        Duration stallTimeout,
        int streamThreads,
        int standbyReplicas,
        ClientConfigFile client,
        Duration commitInterval,
        Duration backlogCommitInterval) {

    public static final String DEFAULT_APPLICATION_ID = "tailwatch-processors";
    public static final int DEFAULT_MAX_RECORD_BYTES = TopicSpec.MAX_PRODUCER_REQUEST_BYTES;
    /** Kafka Streams' own default under exactly-once: live α reaches read_committed readers within about this long. */
    public static final long DEFAULT_COMMIT_INTERVAL_MS = 100;
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(DEFAULT_COMMIT_INTERVAL_MS);
    /**
     * Ten times fewer snapshots than live while a task works through a backlog: measured in one JVM, a backlog ran
     * 1.17× faster than at 100 ms, most of what writing no snapshots at all gives (docs/PERFORMANCE.md).
     */
    public static final long DEFAULT_BACKLOG_COMMIT_INTERVAL_MS = 1000;
    public static final Duration DEFAULT_BACKLOG_COMMIT_INTERVAL = Duration.ofMillis(DEFAULT_BACKLOG_COMMIT_INTERVAL_MS);
    /**
     * An input at most this old (record timestamp against this machine's clock) is live. Live records reach the
     * processors within a few hundred milliseconds even under load; a trainer whose clock runs more than this behind
     * the processors' gets its α at the backlog interval, never wrong, only later.
     */
    public static final long LIVE_INPUT_AGE_SECONDS = 5;
    public static final Duration LIVE_INPUT_AGE = Duration.ofSeconds(LIVE_INPUT_AGE_SECONDS);
    public static final Duration MIN_COMMIT_INTERVAL = Duration.ofMillis(10);
    public static final Duration MAX_COMMIT_INTERVAL = Duration.ofMinutes(1);
    /** The floor keeps Kafka Streams' own exactly-once default for short intervals, where nothing needs longer. */
    private static final Duration MIN_TRANSACTION_TIMEOUT = Duration.ofSeconds(10);

    public ProcessorSettings {
        if (maxRecordBytes < 1) {
            throw new IllegalArgumentException("maxRecordBytes must be positive");
        }
        if (streamThreads < 1) {
            throw new IllegalArgumentException("need at least one stream thread");
        }
        Objects.requireNonNull(client, "client (ClientConfigFile.none() for a plain cluster)");
        if (standbyReplicas < 0) {
            throw new IllegalArgumentException("standby replicas cannot be negative, was " + standbyReplicas);
        }
        Objects.requireNonNull(commitInterval, "commitInterval");
        if (!commitIntervalAllowed(commitInterval)) {
            throw new IllegalArgumentException("the commit interval must be " + MIN_COMMIT_INTERVAL.toMillis() + " ms to "
                    + MAX_COMMIT_INTERVAL.toMillis() + " ms, was " + commitInterval.toMillis() + " ms");
        }
        Objects.requireNonNull(backlogCommitInterval, "backlogCommitInterval");
        if (!backlogCommitIntervalAllowed(commitInterval, backlogCommitInterval)) {
            throw new IllegalArgumentException("the backlog commit interval must be " + commitInterval.toMillis() + " ms (the "
                    + "live one) to " + MAX_COMMIT_INTERVAL.toMillis() + " ms, was " + backlogCommitInterval.toMillis() + " ms");
        }
    }

    /** At this live commit interval, and the default backlog interval or the live one, whichever is longer. */
    public ProcessorSettings(String bootstrapServers, String applicationId, Path stateDir, AnalysisConfig analysis,
                             int maxRecordBytes, Duration idleEviction, Duration stallTimeout, int streamThreads, int standbyReplicas,
                             ClientConfigFile client, Duration commitInterval) {
        this(bootstrapServers, applicationId, stateDir, analysis, maxRecordBytes, idleEviction, stallTimeout, streamThreads,
                standbyReplicas, client, commitInterval, defaultBacklogCommitInterval(commitInterval));
    }

    /** The backlog interval that goes with this live one by default: {@link #DEFAULT_BACKLOG_COMMIT_INTERVAL}, or the live one if longer. */
    public static Duration defaultBacklogCommitInterval(Duration live) {
        return live.compareTo(DEFAULT_BACKLOG_COMMIT_INTERVAL) > 0 ? live : DEFAULT_BACKLOG_COMMIT_INTERVAL;
    }

    /** Whether live input commits more often than a backlog: then the processors request the live commits themselves. */
    public boolean pacesCommits() {
        return backlogCommitInterval.compareTo(commitInterval) > 0;
    }

    /** Whether a backlog may commit at this interval beside this live one: from the live interval to {@link #MAX_COMMIT_INTERVAL}. */
    public static boolean backlogCommitIntervalAllowed(Duration live, Duration backlog) {
        return commitIntervalAllowed(backlog) && backlog.compareTo(live) >= 0;
    }

    /** Whether Kafka Streams may commit at this interval here: from {@link #MIN_COMMIT_INTERVAL} to {@link #MAX_COMMIT_INTERVAL}. */
    public static boolean commitIntervalAllowed(Duration interval) {
        return interval.compareTo(MIN_COMMIT_INTERVAL) >= 0 && interval.compareTo(MAX_COMMIT_INTERVAL) <= 0;
    }

    /** At the default commit interval. */
    public ProcessorSettings(String bootstrapServers, String applicationId, Path stateDir, AnalysisConfig analysis,
                             int maxRecordBytes, Duration idleEviction, Duration stallTimeout, int streamThreads, int standbyReplicas,
                             ClientConfigFile client) {
        this(bootstrapServers, applicationId, stateDir, analysis, maxRecordBytes, idleEviction, stallTimeout, streamThreads,
                standbyReplicas, client, DEFAULT_COMMIT_INTERVAL);
    }

    /** On a plain (unsecured) cluster. */
    public ProcessorSettings(String bootstrapServers, String applicationId, Path stateDir, AnalysisConfig analysis,
                             int maxRecordBytes, Duration idleEviction, Duration stallTimeout, int streamThreads, int standbyReplicas) {
        this(bootstrapServers, applicationId, stateDir, analysis, maxRecordBytes, idleEviction, stallTimeout, streamThreads,
                standbyReplicas, ClientConfigFile.none());
    }

    /** Without standby replicas. */
    public ProcessorSettings(String bootstrapServers, String applicationId, Path stateDir, AnalysisConfig analysis,
                             int maxRecordBytes, Duration idleEviction, Duration stallTimeout, int streamThreads) {
        this(bootstrapServers, applicationId, stateDir, analysis, maxRecordBytes, idleEviction, stallTimeout, streamThreads, 0);
    }

    /** Defaults for everything but the broker and the state directory. */
    public static ProcessorSettings defaults(String bootstrapServers, Path stateDir) {
        return new ProcessorSettings(bootstrapServers, DEFAULT_APPLICATION_ID, stateDir, AnalysisConfig.defaults(),
                DEFAULT_MAX_RECORD_BYTES, Duration.ofHours(1), Duration.ofMinutes(5), 1);
    }

    public ProcessorSettings withAnalysis(AnalysisConfig config) {
        return new ProcessorSettings(bootstrapServers, applicationId, stateDir, config, maxRecordBytes, idleEviction,
                stallTimeout, streamThreads, standbyReplicas, client, commitInterval, backlogCommitInterval);
    }

    public ProcessorSettings withApplicationId(String id) {
        return new ProcessorSettings(bootstrapServers, id, stateDir, analysis, maxRecordBytes, idleEviction,
                stallTimeout, streamThreads, standbyReplicas, client, commitInterval, backlogCommitInterval);
    }

    /**
     * The producers' transaction timeout: a transaction stays open a whole backlog commit interval (plus the commit itself),
     * and the broker must not abort it first, or every transaction would be fenced and redone. Kafka Streams' own
     * 10 s up to a 5 s interval, twice the interval beyond; no longer, because a crashed instance's open transaction
     * holds read_committed readers back until it times out.
     */
    public Duration transactionTimeout() {
        Duration twice = backlogCommitInterval.multipliedBy(2);
        return twice.compareTo(MIN_TRANSACTION_TIMEOUT) > 0 ? twice : MIN_TRANSACTION_TIMEOUT;
    }

    /** Live and backlog commit intervals: equal ones commit at one rate always, as Kafka Streams does by itself. */
    public ProcessorSettings withCommitIntervals(Duration live, Duration backlog) {
        return new ProcessorSettings(bootstrapServers, applicationId, stateDir, analysis, maxRecordBytes, idleEviction,
                stallTimeout, streamThreads, standbyReplicas, client, live, backlog);
    }

}
