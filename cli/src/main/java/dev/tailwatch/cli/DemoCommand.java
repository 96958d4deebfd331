package dev.tailwatch.cli;

import dev.tailwatch.broker.BrokerStartException;
import dev.tailwatch.broker.EmbeddedKafkaBroker;
import dev.tailwatch.streams.analysis.AnalysisConfig;
import dev.tailwatch.streams.kafka.ProcessorSettings;
import dev.tailwatch.streams.kafka.TailwatchProcessors;
import dev.tailwatch.streams.simulate.AlphaPath;
import dev.tailwatch.trainer.train.TrainConfig;
import dev.tailwatch.streams.simulate.SimulationPublisher;
import dev.tailwatch.streams.simulate.SyntheticRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tailwatch demo}: everything in one process — a real KRaft broker on loopback, the stream
 * processors with /metrics, and a trainer on the shipped digits (or a simulated run) — with a live
 * status, until the iterations or the duration are done or Ctrl-C.
 */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Run the whole pipeline in one process: a real Kafka broker (KRaft) on 127.0.0.1, the stream "
                + "processors with /metrics, and a trainer on the shipped MNIST digits (or --simulate).",
                "Shows a progress bar with loss, accuracy and α (network-wide and per layer) and every detector event; "
                        + "ends cleanly after --iterations or --duration, or on Ctrl-C, and prints how to replay the run."})
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RunOptions.New runId;

    @Option(names = "--simulate", description = "Publish a synthetic run with a known α path instead of training.")
    boolean simulate;

    @Option(names = "--profile", paramLabel = "NAME", defaultValue = "two-phase",
            description = "With --simulate: two-phase or constant (default ${DEFAULT-VALUE}).")
    SimulateCommand.Profile profile;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "50",
            description = "With --simulate: iterations per second (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--duration", paramLabel = "T", description = "Stop after this long, e.g. 90s, 5m, 1h (default: run all --iterations).")
    Duration duration;

    @Option(names = "--data-dir", paramLabel = "D",
            description = "Keeps the broker's log (D/kafka), the processors' state and the publisher's journal "
                    + "(default ~/.tailwatch/demo).")
    Path dataDir;

    @Option(names = "--port", paramLabel = "P", defaultValue = "0", description = "Broker port on 127.0.0.1 (default: any free port).")
    int port;

    @Option(names = "--metrics-port", paramLabel = "M", defaultValue = "9404",
            description = "Port of /metrics (default ${DEFAULT-VALUE}; 0 = any free port).")
    int metricsPort;

    @Option(names = "--metrics-bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "Address /metrics binds to (default ${DEFAULT-VALUE}), as in tailwatch process.")
    String metricsBindOption;

    /** The demo's old name of --metrics-bind, still accepted; hidden, so both commands show one name. */
    @Option(names = "--bind", paramLabel = "ADDR", hidden = true)
    String oldBindSpelling;

    String metricsBind() {
        return oldBindSpelling != null ? oldBindSpelling : metricsBindOption;
    }

    @Option(names = "--ui-port", paramLabel = "P", defaultValue = "" + UiCommand.DEFAULT_PORT,
            description = "Port of the live page (tailwatch ui; default ${DEFAULT-VALUE}; 0 = any free port); it binds to the "
                    + "--metrics-bind address.")
    int uiPort;

    @Option(names = "--prometheus", description = "Also start a `prometheus` binary from PATH with the project's config and alert rules.")
    boolean prometheus;

    @Mixin
    TrainOptions training;

    @Mixin
    AnalysisOptions analysis;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String run = runId.idOr("demo");
        Path data = dataDir != null ? dataDir : Path.of(System.getProperty("user.home"), ".tailwatch", "demo");
        // Every setting is checked, and the network built, before anything starts.
        Duration limit = duration;
        TrainingRun trainingRun = simulate ? null : TrainingRun.prepare(training, run);
        AlphaPath path = simulate ? simulatedPath() : null;
        AnalysisConfig analysisConfig = analysis.config();
        if (simulate && !(rate > 0)) {
            throw new BadInputException("--rate must be positive, was " + rate);
        }
        try {
            Files.createDirectories(data.resolve("streams"));
        } catch (IOException e) {
            throw new BadInputException("--data-dir " + data + ": " + OutputPaths.reason(e));
        }

        // Outermost, so that Ctrl-C waits for everything below to close: the broker's log stays consistent.
        try (CtrlC.StopFlag stop = CtrlC.stopFlag("tailwatch-demo", Duration.ofSeconds(120))) {
            return runPipeline(out, err, run, data, limit, trainingRun, path, analysisConfig, stop);
        }
    }

    private int runPipeline(PrintWriter out, PrintWriter err, String run, Path data, Duration limit, TrainingRun trainingRun,
                            AlphaPath path, AnalysisConfig analysisConfig, CtrlC.StopFlag stop) throws Exception {
        EmbeddedKafkaBroker broker;
        out.printf("tailwatch demo: run %s, starting a Kafka broker (log in %s) and the stream processors ...%n", run, data.resolve("kafka"));
        out.flush();
        try {
            broker = EmbeddedKafkaBroker.builder().dataDir(data.resolve("kafka")).port(port).build().start();
        } catch (BrokerStartException e) {
            throw new BadInputException(brokerProblem(e, data, port));
        }
        return runOnBroker(out, err, run, data, limit, trainingRun, path, analysisConfig, stop, broker, broker.bootstrapServers());
    }

    private int runOnBroker(PrintWriter out, PrintWriter err, String run, Path data, Duration limit, TrainingRun trainingRun,
                            AlphaPath path, AnalysisConfig analysisConfig, CtrlC.StopFlag stop, EmbeddedKafkaBroker broker,
                            String bootstrap) throws Exception {
        try (broker;
             TailwatchProcessors processors = startProcessors(ProcessorSettings.defaults(bootstrap, data.resolve("streams"))
                     .withAnalysis(analysisConfig).withApplicationId("tailwatch-demo"));
             PrometheusProcess prom = prometheus ? PrometheusProcess.start(data.resolve("prometheus"), processors.metricsUrl(), err) : null;
             UiLauncher ui = UiLauncher.start(KafkaTarget.plain(bootstrap), metricsBind(), "--metrics-bind", uiPort, "--ui-port")) {
            if (!awaitProcessors(processors, out)) {
                err.println("tailwatch demo: the stream processors did not start within " + PROCESSOR_START.toSeconds() + " s (state "
                        + processors.state() + ")");
                return 1;
            }
            out.printf("  broker   %s (log in %s)%n  metrics  %s%n  page     %s (live α in the browser)%n", bootstrap,
                    data.resolve("kafka"), processors.metricsUrl(), ui.url());
            if (prom != null) {
                out.printf("  prometheus %s (alerts: %s/alerts)%n", prom.url(), prom.url());
            } else {
                out.printf("  Prometheus: scrape %s (dashboards/prometheus/prometheus.yml, rules in dashboards/prometheus/rules); "
                        + "Grafana: dashboards/grafana (see dashboards/README.md)%n", processors.metricsUrl());
            }
            out.flush();
            long deadline = limit == null ? Long.MAX_VALUE : System.nanoTime() + limit.toNanos();
            long done;
            long requested = training.iterations;
            try (DemoStatus status = new DemoStatus(bootstrap, run, System.out);
                 ProgressLine bar = ProgressLine.start(run, requested)) {
                BooleanSupplier stopNow = () -> stop.requested() || System.nanoTime() > deadline;
                if (simulate) {
                    done = simulate(bootstrap, run, path, bar, status, stopNow);
                } else {
                    TrainingRun.Outcome outcome = trainingRun.run(KafkaTarget.plain(bootstrap), data.resolve("journal"), Duration.ofSeconds(30),
                            (it, loss, accuracy, step) -> {
                                bar.step(it + 1, String.format(Locale.ROOT, " loss %.3f acc %s%s", loss,
                                        Double.isNaN(accuracy) ? "-" : String.format(Locale.ROOT, "%.3f", accuracy), status.alpha()),
                                        status.layerAlphas(), status.lastEvent());
                            }, stopNow);
                    done = outcome.iterations();
                    if (outcome.publishing().pending() > 0) {
                        err.println("tailwatch demo: " + TrainCommand.summary(run, outcome));
                    }
                }
                // After Ctrl-C the user is waiting: a few seconds for the last records, not the full half minute.
                awaitAnalysis(status, lastMonitoredIteration(done, trainingRun), bar, Duration.ofSeconds(stop.requested() ? 5 : 30));
                bar.close();
                printSummary(out, run, done, requested, status, data, bootstrap);
            }
            return done == requested || limit != null ? 0 : 1;
        }
    }

    /** How long the processors may take to join their group and get their partitions. */
    private static final Duration PROCESSOR_START = Duration.ofSeconds(60);

    /**
     * Waits for the processors; if that takes more than a few seconds, says what it waits for, rather
     * than a silent pause (a rebalance waits for a member of an earlier demo on the same data dir that
     * did not leave, for up to the session timeout).
     */
    private static boolean awaitProcessors(TailwatchProcessors processors, PrintWriter out) throws InterruptedException {
        if (processors.awaitRunning(Duration.ofSeconds(3))) {
            return true;
        }
        out.printf("  waiting for the stream processors to get their partitions (state %s; up to %d s) ...%n", processors.state(),
                PROCESSOR_START.toSeconds());
        out.flush();
        return processors.awaitRunning(PROCESSOR_START.minusSeconds(3));
    }

    /** The broker's failure in this command's options: the cause, and the fix that applies to it. */
    static String brokerProblem(BrokerStartException e, Path data, int port) {
        return switch (e.kind()) {
            case DATA_DIR_IN_USE -> "--data-dir " + data + " is in use: another demo or tailwatch broker is running on its broker log "
                    + data.resolve("kafka") + "; stop that one (Ctrl-C), or give this demo another --data-dir";
            case DATA_DIR_UNUSABLE -> "--data-dir " + data + ": " + e.getMessage();
            case PORT_IN_USE -> port != 0 ? "--port " + port + ": " + e.getMessage() + "; choose another, or --port 0 for any free port"
                    : e.getMessage();
            case OTHER -> e.getMessage();
        };
    }

    private TailwatchProcessors startProcessors(ProcessorSettings settings) throws BadInputException {
        try {
            return TailwatchProcessors.start(settings, metricsBind(), metricsPort, 1);
        } catch (IOException e) {
            throw new BadInputException("cannot serve /metrics on " + metricsBind() + ":" + metricsPort + ": " + e.getMessage()
                    + " (is the port in use, e.g. by a running `tailwatch process`? try --metrics-port 0)");
        }
    }

    private AlphaPath simulatedPath() {
        return profile.path(training.iterations, 1.5);
    }

    private long simulate(String bootstrap, String run, AlphaPath path, ProgressLine bar, DemoStatus status, BooleanSupplier stop)
            throws InterruptedException {
        SyntheticRun synthetic = new SyntheticRun(path, 3, 5_000, training.iterations * 2 / 3, training.seed);
        try (KafkaProducer<String, byte[]> producer = KafkaClients.reliableProducer(KafkaTarget.plain(bootstrap))) {
            return new SimulationPublisher(producer, run, synthetic).publish(training.iterations, rate, stop,
                    (it, alpha, loss, accuracy) -> {
                        bar.step(it + 1, String.format(Locale.ROOT, " loss %.3f acc %.3f%s", loss, accuracy, status.alpha()),
                                status.layerAlphas(), status.lastEvent());
                    });
        }
    }

    /** The last iteration the processors will report an α for, given the probe. */
    private static long lastMonitoredIteration(long done, TrainingRun trainingRun) {
        if (done == 0) {
            return -1;
        }
        if (trainingRun == null) {
            return done - 1;
        }
        TrainConfig config = trainingRun.config();
        return switch (config.probe()) {
            case EXACT -> (done - 1) / config.probeEvery() * config.probeEvery();
            // A window sample closes on the last iteration of each period.
            case WINDOW -> done / config.probeEvery() * config.probeEvery() - 1;
            case OFF -> -1;
            default -> done - 1;
        };
    }

    /** Lets the processors finish the last records, so the summary and the topics hold the whole run. */
    private static void awaitAnalysis(DemoStatus status, long lastIteration, ProgressLine bar, Duration limit)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (status.lastAlphaIteration() < lastIteration && System.nanoTime() < deadline) {
            bar.message(" waiting for the processors" + status.alpha(), status.layerAlphas(), status.lastEvent());
            Thread.sleep(100);
        }
    }

    private static void printSummary(PrintWriter out, String run, long done, long requested, DemoStatus status, Path data,
                                     String bootstrap) {
        out.printf("%nrun %s: %d of %d iterations%n", run, done, requested);
        Map<String, Double> alphas = status.rollingAlpha();
        if (!alphas.isEmpty()) {
            StringBuilder s = new StringBuilder("rolling α at the end:");
            alphas.forEach((layer, a) -> s.append(String.format(Locale.ROOT, " %s %.3f", layer, a)));
            out.println(s);
        }
        out.println("events: " + (status.eventCounts().isEmpty() ? "none" : status.eventCounts()));
        String port = bootstrap.substring(bootstrap.lastIndexOf(':') + 1);
        out.printf("replay it later: the broker runs until Ctrl-C, so start it in one terminal and replay in a second:%n"
                + "  ./tailwatch broker --data-dir %s --port %s%n"
                + "  ./tailwatch replay --bootstrap %s --run %s --out %s%n", data.resolve("kafka"), port, bootstrap, run,
                data.resolve("reports").resolve(run).toAbsolutePath());
        out.flush();
    }
}
