package dev.tailwatch.cli;

import dev.tailwatch.streams.kafka.AccessRefusedException;
import dev.tailwatch.streams.kafka.ProcessorSettings;
import dev.tailwatch.streams.kafka.TailwatchProcessors;
import dev.tailwatch.streams.metrics.MetricsWebConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tailwatch process}: the stream processors and their /metrics endpoint, until Ctrl-C. */
@Command(name = "process",
        mixinStandardHelpOptions = true,
        description = {"Run the stream processors: α per layer and network-wide (per iteration and rolling), "
                + "events, dead letters, and Prometheus metrics at /metrics, until Ctrl-C."})
final class ProcessCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BootstrapOption broker;

    @Option(names = "--metrics-port", paramLabel = "M", defaultValue = "9404",
            description = "Port of the /metrics endpoint (default ${DEFAULT-VALUE}; 0 = any free port).")
    int metricsPort;

    @Option(names = "--metrics-bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "Address /metrics binds to (default ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String metricsBind;

    @Option(names = "--metrics-web-config", paramLabel = "FILE",
            description = "TLS and basic auth for /metrics from a Prometheus-style web config (tls_server_config: cert_file, "
                    + "key_file; basic_auth_users: bcrypt hashes). Default: plain HTTP, open, on --metrics-bind.")
    Path metricsWebConfig;

    @Mixin
    AnalysisOptions analysis;

    @Option(names = "--application-id", paramLabel = "ID", defaultValue = ProcessorSettings.DEFAULT_APPLICATION_ID,
            description = "Kafka Streams application id; instances with the same id share the partitions (default ${DEFAULT-VALUE}).")
    String applicationId;

    @Option(names = "--state-dir", paramLabel = "DIR", description = {"Kafka Streams state directory (default: a temporary one). "
            + "The analysis state itself is restored from its changelog topic; keeping the directory across restarts keeps "
            + "the instance's identity, so a crashed instance's open transaction is fenced at once."})
    Path stateDir;

    @Option(names = "--standby-replicas", paramLabel = "N", defaultValue = "0",
            description = "Warm copies of each task's analysis state kept on other instances, for fail-over without a "
                    + "restore (default ${DEFAULT-VALUE}; needs N+1 instances with the same --application-id).")
    int standbyReplicas;

    @Mixin
    TopicPartitionsOption topicPartitions;

    @Option(names = "--stream-threads", paramLabel = "N", defaultValue = "1",
            description = "Kafka Streams threads of this instance (default ${DEFAULT-VALUE}).")
    int streamThreadsOption;

    /** The old spelling of --stream-threads, still accepted; hidden, so that the help gives each option one meaning. */
    @Option(names = "--threads", paramLabel = "N", hidden = true)
    Integer oldThreadsSpelling;

    @Option(names = "--stall-timeout", paramLabel = "T", defaultValue = "5m",
            description = "Report a run stalled after this long without records, e.g. 300 (seconds), 90s, 5m, 1h "
                    + "(default ${DEFAULT-VALUE}).")
    Duration stallTimeout;

    @Option(names = "--idle-eviction", paramLabel = "T", defaultValue = "1h",
            description = "Forget a run, and remove its metric series, after this long without records, e.g. 3600 (seconds), "
                    + "30m, 1h (default ${DEFAULT-VALUE}).")
    Duration idleEviction;

    @Option(names = "--commit-interval-ms", paramLabel = "MS", defaultValue = "" + ProcessorSettings.DEFAULT_COMMIT_INTERVAL_MS,
            description = {"How often each task commits while its input is live (default ${DEFAULT-VALUE}): α reaches "
                    + "read_committed readers within about this long, and every run that changed writes one snapshot of its "
                    + "analysis state per commit. Larger values write less changelog at the cost of latency "
                    + "(docs/PERFORMANCE.md); 10 to 60000."})
    long commitIntervalMs;

    @Option(names = "--backlog-commit-interval-ms", paramLabel = "MS",
            description = {"How often each task commits while it works through older input only, records more than "
                    + ProcessorSettings.LIVE_INPUT_AGE_SECONDS + " s old: a backlog after a restart or an outage (default " + ProcessorSettings.DEFAULT_BACKLOG_COMMIT_INTERVAL_MS
                    + ", or --commit-interval-ms if that is longer). Fewer snapshots let a backlog go faster; the same "
                    + "value as --commit-interval-ms commits at one rate always. From --commit-interval-ms to 60000."})
    Long backlogCommitIntervalMs;

    @Override
    public Integer call() throws BadInputException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ProcessorSettings settings = settings();
        KafkaTarget kafka = broker.target();
        KafkaClients.requireReachable(kafka);
        MetricsWebConfig web;
        try {
            web = metricsWebConfig == null ? null : MetricsWebConfig.load(metricsWebConfig);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        TailwatchProcessors processors;
        try {
            processors = TailwatchProcessors.start(settings, metricsBind, metricsPort, web, topicPartitions.partitions);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        } catch (IOException e) {
            throw new BadInputException("cannot serve /metrics on " + metricsBind + ":" + metricsPort + ": " + e.getMessage()
                    + " (is the port in use? try --metrics-port 0)");
        }
        CtrlC.ExitWait exit = CtrlC.onExit("tailwatch-process", processors::close);
        out.println("metrics: " + processors.metricsUrl());
        out.flush();
        awaitCtrlCOrRefusal(processors, exit, err);
        return 0;
    }

    /**
     * Runs until Ctrl-C. A principal Kafka refuses (a missing ACL, refused credentials) stops Kafka Streams; then this
     * closes the processors and ends the command with the refusal as its one line, instead of running on idle.
     */
    private void awaitCtrlCOrRefusal(TailwatchProcessors processors, CtrlC.ExitWait exit, PrintWriter err)
            throws BadInputException {
        long start = System.nanoTime();
        boolean announced = false;
        try {
            while (!exit.await(POLL)) {
                Optional<AccessRefusedException> refused = processors.refused();
                if (refused.isPresent()) {
                    if (exit.cancel()) {
                        processors.close();
                    } else {
                        exit.await();   // Ctrl-C came at the same moment; its cleanup closes the processors
                    }
                    throw new BadInputException(refused.get().getMessage());
                }
                // Said once the group is joined, not before: a refused principal is then only ever told its refusal.
                boolean running = processors.state() == KafkaStreams.State.RUNNING;
                if (!announced && (running || System.nanoTime() - start > ANNOUNCE_AFTER.toNanos())) {
                    err.println("tailwatch process: " + (running ? "consuming " : "starting; Kafka Streams is "
                            + processors.state() + " on ") + broker.servers + " as '" + applicationId + "'; Ctrl-C stops it");
                    err.flush();
                    announced = true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final Duration POLL = Duration.ofMillis(100);
    /** How long a start may take before the command says it is still starting (a rebalance, a slow broker). */
    private static final Duration ANNOUNCE_AFTER = Duration.ofSeconds(10);

    private ProcessorSettings settings() throws BadInputException {
        int streamThreads = oldThreadsSpelling != null ? oldThreadsSpelling : streamThreadsOption;
        if (topicPartitions.partitions < 1 || streamThreads < 1) {
            throw new BadInputException("--partitions and --stream-threads must be positive");
        }
        if (standbyReplicas < 0) {
            throw new BadInputException("--standby-replicas " + standbyReplicas + ": must be 0 or more");
        }
        Duration commitInterval = Duration.ofMillis(commitIntervalMs);
        if (!ProcessorSettings.commitIntervalAllowed(commitInterval)) {
            throw new BadInputException("--commit-interval-ms " + commitIntervalMs + ": must be "
                    + ProcessorSettings.MIN_COMMIT_INTERVAL.toMillis() + " to " + ProcessorSettings.MAX_COMMIT_INTERVAL.toMillis()
                    + " (milliseconds); the default is " + ProcessorSettings.DEFAULT_COMMIT_INTERVAL_MS);
        }
        Duration backlogCommitInterval = ProcessorSettings.defaultBacklogCommitInterval(commitInterval);
        if (backlogCommitIntervalMs != null) {
            backlogCommitInterval = Duration.ofMillis(backlogCommitIntervalMs);
            if (!ProcessorSettings.backlogCommitIntervalAllowed(commitInterval, backlogCommitInterval)) {
                throw new BadInputException("--backlog-commit-interval-ms " + backlogCommitIntervalMs + ": must be "
                        + commitIntervalMs + " (--commit-interval-ms) to " + ProcessorSettings.MAX_COMMIT_INTERVAL.toMillis()
                        + " (milliseconds); the default is " + ProcessorSettings.DEFAULT_BACKLOG_COMMIT_INTERVAL_MS);
            }
        }
        Path state = stateDir;
        if (state != null) {
            requireUsableStateDir(state);
        } else {
            try {
                state = Files.createTempDirectory("tailwatch-streams-");
            } catch (IOException e) {
                throw new BadInputException("cannot create a temporary state directory: " + e.getMessage());
            }
        }
        return new ProcessorSettings(broker.servers, applicationId, state, analysis.config(),
                ProcessorSettings.DEFAULT_MAX_RECORD_BYTES, idleEviction, stallTimeout, streamThreads, standbyReplicas,
                broker.target().client(), commitInterval, backlogCommitInterval);
    }

    /** Kafka Streams would only fail later, on its stream thread; say it now, with the reason. */
    private static void requireUsableStateDir(Path dir) throws BadInputException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new BadInputException("--state-dir " + dir + ": " + OutputPaths.reason(e) + "; give a writable directory");
        }
        if (!Files.isWritable(dir)) {
            throw new BadInputException("--state-dir " + dir + ": is not writable; give a writable directory");
        }
    }
}
