package dev.tailwatch.cli;

import dev.tailwatch.streams.kafka.TailwatchProcessors;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tailwatch train}: trains a DL4J network with a gradient-noise probe and publishes to Kafka. */
@Command(name = "train",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Train a network with plain SGD and a gradient-noise probe, publishing RunInfo, noise samples and "
                + "training metrics to Kafka.",
                "Training never waits on Kafka: while the broker is away records go to a journal on disk and are re-sent "
                        + "in order; what is left at exit is re-sent by the next start on the same --journal."})
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BootstrapOption broker;

    @Mixin
    RunOptions.New runId;

    @Mixin
    TrainOptions training;

    @Option(names = "--journal", paramLabel = "DIR", description = "Spill journal folder (default ~/.tailwatch/journal).")
    Path journal;

    @Option(names = "--flush-timeout", paramLabel = "T", defaultValue = "30s",
            description = "At the end, how long to wait for Kafka to take the last records, e.g. 30 (seconds), 30s, 2m "
                    + "(default ${DEFAULT-VALUE}).")
    Duration flushTimeout;

    @Mixin
    TopicPartitionsOption topicPartitions;

    @Override
    public Integer call() throws BadInputException {
        PrintWriter out = spec.commandLine().getOut();
        String run = runId.idOr("train");
        Path journalDir = journal != null ? journal : defaultJournal();
        TrainingRun training = TrainingRun.prepare(this.training, run);
        KafkaTarget kafka = broker.target();
        KafkaClients.requireReachable(kafka);
        TailwatchProcessors.ensureTopics(kafka.servers(), kafka.client(), topicPartitions.partitions);
        out.printf("run %s: %s on %s, %d training examples, probe %s; publishing to %s%n", run,
                training.config().model().describe(), training.config().dataset(), training.trainer().trainExamples(),
                dev.tailwatch.trainer.train.ProbeNames.of(training.config().probe()), broker.servers);
        out.flush();
        TrainingRun.Outcome outcome;
        try (CtrlC.StopFlag stop = CtrlC.stopFlag("tailwatch-train", flushTimeout.plusSeconds(15));
             ProgressLine bar = ProgressLine.start(run, training.config().iterations())) {
            outcome = training.run(kafka, journalDir, flushTimeout,
                    (it, loss, accuracy, stepSeconds) -> {
                        bar.step(it + 1, String.format(Locale.ROOT, " loss=%.4f test-acc=%s", loss,
                                Double.isNaN(accuracy) ? "-" : String.format(Locale.ROOT, "%.3f", accuracy)));
                    }, stop::requested);
        }
        out.println(summary(run, outcome));
        return outcome.complete() ? 0 : 1;
    }

    static String summary(String run, TrainingRun.Outcome outcome) {
        var p = outcome.publishing();
        StringBuilder s = new StringBuilder(String.format("run %s: %d of %d iterations; records published %d, spilled to the journal %d, "
                + "re-sent %d, dropped %d", run, outcome.iterations(), outcome.requested(), p.published(), p.spilled(), p.resent(), p.dropped()));
        if (p.pending() > 0) {
            s.append(String.format("%n%d records could not be delivered yet; they are kept in %s and are sent by the next start "
                    + "with the same --journal", p.pending(), outcome.journal()));
        }
        if (p.dropped() > 0) {
            s.append(String.format("%nWARNING: %d records were dropped (the publisher's queue was full, the journal reached its disk limit, "
                    + "or Kafka rejected them for good; the log says which)", p.dropped()));
        }
        return s.toString();
    }

    static Path defaultJournal() {
        return Path.of(System.getProperty("user.home"), ".tailwatch", "journal");
    }
}
