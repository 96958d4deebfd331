package dev.tailwatch.bench.paper;

import dev.tailwatch.broker.EmbeddedKafkaBroker;
import dev.tailwatch.schema.Topics;
import dev.tailwatch.streams.kafka.ProcessorSettings;
import dev.tailwatch.streams.kafka.TailwatchProcessors;
import dev.tailwatch.trainer.data.Dataset;
import dev.tailwatch.trainer.publish.PublisherStats;
import dev.tailwatch.trainer.publish.RecordPublisher;
import dev.tailwatch.trainer.publish.RunPublisher;
import dev.tailwatch.trainer.train.NativeThreads;
import dev.tailwatch.trainer.train.TrainConfig;
import dev.tailwatch.trainer.train.Trainer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The pipeline under test, as the demo runs it: a real KRaft broker, the stream processors with their live
 * defaults, and each grid run trained and published by the trainer's own publisher. Results are read back
 * from the processors' α topic, so what the report shows is what a user of tailwatch would have seen.
 */
final class PipelineSession implements AutoCloseable {

    /** How long the processors may take to analyse a run's last samples after training ends. */
    private static final Duration ANALYSIS_LAG = Duration.ofMinutes(3);

    private final EmbeddedKafkaBroker broker;
    private final TailwatchProcessors processors;
    private final TopicCollector collector;
    private final Path work;
    private final String prefix;
    private final PrintStream log;

    private PipelineSession(EmbeddedKafkaBroker broker, TailwatchProcessors processors, TopicCollector collector, Path work,
                            String prefix, PrintStream log) {
        this.broker = broker;
        this.processors = processors;
        this.collector = collector;
        this.work = work;
        this.prefix = prefix;
        this.log = log;
    }

    /** Starts broker and processors with their logs and state under {@code work}; run ids start with {@code prefix}. */
    static PipelineSession start(Path work, String prefix, PrintStream log) throws Exception {
        Files.createDirectories(work);
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(work.resolve("kafka")).build().start();
        TailwatchProcessors processors = null;
        try {
            broker.createTopics(Topics.newTopics(1, (short) 1));
            processors = TailwatchProcessors.start(ProcessorSettings.defaults(broker.bootstrapServers(), work.resolve("streams"))
                    .withApplicationId("tailwatch-reproduce"), "127.0.0.1", 0, 1);
            if (!processors.awaitRunning(Duration.ofSeconds(60))) {
                throw new IllegalStateException("the stream processors did not start within 60 s (state " + processors.state() + ")");
            }
            String ours = prefix + "-";
            TopicCollector collector = new TopicCollector(broker.bootstrapServers(), key -> key.startsWith(ours));
            log.printf("broker %s (log in %s), processors running%n", broker.bootstrapServers(), work.resolve("kafka"));
            return new PipelineSession(broker, processors, collector, work, prefix, log);
        } catch (Exception | Error e) {
            if (processors != null) {
                processors.close();
            }
            broker.close();
            throw e;
        }
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** Trains one run, publishing to the broker, and waits for the processors' α of its last probe. */
    RunResult train(GridRun run, TrainSettings settings, Dataset data, String position) throws Exception {
        String runId = run.runId(prefix);
        TrainConfig config = settings.config(runId, run);
        NativeThreads.set(NativeThreads.DEFAULT);
        Trainer trainer = new Trainer(config, data);
        long started = System.nanoTime();
        long tenth = Math.max(1, settings.iterations() / 10);
        long done;
        PublisherStats stats;
        try (RecordPublisher publisher = new RecordPublisher(broker.bootstrapServers(), work.resolve("journal").resolve(runId),
                RecordPublisher.Settings.defaults())) {
            done = trainer.run(new RunPublisher(publisher, runId, config.probe()), (it, loss, accuracy, step) -> {
                if ((it + 1) % tenth == 0) {
                    log.printf(Locale.ROOT, "  %s %s: iteration %d, loss %.3f, test accuracy %s, %.0f s%n", position, runId, it + 1, loss,
                            Double.isNaN(accuracy) ? "-" : String.format(Locale.ROOT, "%.3f", accuracy),
                            (System.nanoTime() - started) / 1e9);
                }
            }, () -> false);
            stats = publisher.close(Duration.ofSeconds(60));
        }
        if (done != settings.iterations() || stats.pending() > 0 || stats.dropped() > 0) {
            throw new IllegalStateException(runId + ": " + done + " of " + settings.iterations() + " iterations, " + stats.pending()
                    + " records not delivered, " + stats.dropped() + " dropped");
        }
        long last = settings.lastProbedIteration();
        // The metrics topic is read beside the α topic, not behind it: the final test accuracy is in its last record.
        long lastMetrics = settings.iterations() - 1;
        if (!collector.pollUntil(runId, r -> r.lastNetworkIteration() >= last && r.lastMetricsIteration() >= lastMetrics
                && r.info != null, ANALYSIS_LAG)) {
            RunRecords seen = collector.run(runId);
            throw new IllegalStateException(runId + ": " + ANALYSIS_LAG.toMinutes() + " min after training ended, the topics still "
                    + "lacked the processors' network-wide α of iteration " + last + " on " + Topics.ALPHA.name() + " (last: "
                    + seen.lastNetworkIteration() + "), the metrics of iteration " + lastMetrics + " on " + Topics.METRICS.name()
                    + " (last: " + seen.lastMetricsIteration() + ") or the run's info (" + (seen.info != null ? "present" : "absent") + ")");
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return RunResult.of(run, runId, settings.iterations(), settings.tailFraction(), collector.run(runId), seconds);
    }

    @Override
    public void close() {
        collector.close();
        processors.close();
        broker.close();
    }
}
