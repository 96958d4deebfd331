package dev.tailwatch.cli;

import dev.tailwatch.schema.TopicSpec;
import dev.tailwatch.schema.Topics;
import dev.tailwatch.streams.kafka.TailwatchProcessors;
import dev.tailwatch.streams.replay.InputRecord;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tailwatch import}: an export folder back onto a broker's topics. */
@Command(name = "import",
        mixinStandardHelpOptions = true,
        description = {"Load an export folder (tailwatch export) into a broker: the run's inputs (runs, noise, metrics), "
                + "so running processors analyse it again; with --with-results also its recorded alpha, events and layer-stats."})
final class ImportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BootstrapOption broker;

    @Option(names = "--input", required = true, paramLabel = "DIR", description = "Export folder.")
    Path input;

    @Option(names = "--with-results", description = "Also load the recorded results (do not run processors on the same broker then, "
            + "or the results appear twice).")
    boolean withResults;

    @Option(names = "--as", paramLabel = "RUN",
            description = "Import the run under this run id (for a run whose id is already on the broker).")
    String runIdAs;

    @Mixin
    TopicPartitionsOption topicPartitions;

    @Override
    public Integer call() throws BadInputException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dir = RunArchive.folderOf(input);
        List<TopicSpec<?>> topics = new ArrayList<>(RunArchive.INPUT_TOPICS);
        if (withResults) {
            topics.addAll(RunArchive.RESULT_TOPICS);
        }
        // Every file is read in full before the first record is sent: a damaged one loads nothing.
        Set<String> runIds = new TreeSet<>();
        List<List<InputRecord>> records = new ArrayList<>();
        for (TopicSpec<?> topic : topics) {
            try {
                records.add(RunArchive.read(dir, topic, runIdAs, runIds));
            } catch (BadInputException e) {
                throw new BadInputException(e.getMessage() + " (nothing was imported)");
            }
        }
        if (runIdAs != null && runIds.size() > 1) {
            throw new BadInputException("--as applies to an export of one run; " + dir + " holds runs " + runIds);
        }
        KafkaTarget kafka = broker.target();
        KafkaClients.requireReachable(kafka);
        TailwatchProcessors.ensureTopics(kafka.servers(), kafka.client(), topicPartitions.partitions);
        for (String id : runIdAs != null ? Set.of(runIdAs) : runIds) {
            String holding = topicHolding(id);
            if (holding != null) {
                throw new BadInputException("run '" + id + "' is already on " + broker.servers + " (records on " + holding
                        + "); importing it again would duplicate them — import it under another id with --as RUN");
            }
        }
        StringBuilder counts = new StringBuilder();
        java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicReference<Exception> firstError = new java.util.concurrent.atomic.AtomicReference<>();
        try (KafkaProducer<String, byte[]> producer = KafkaClients.reliableProducer(kafka)) {
            for (int t = 0; t < topics.size(); t++) {
                for (InputRecord r : records.get(t)) {
                    producer.send(new ProducerRecord<>(r.topic(), null, r.timestampMs() > 0 ? r.timestampMs() : null, r.key(), r.value()),
                            (metadata, error) -> {
                                if (error != null) {
                                    failed.incrementAndGet();
                                    firstError.compareAndSet(null, error);
                                }
                            });
                }
                counts.append(counts.length() == 0 ? "" : ", ").append(topics.get(t).shortName()).append(' ').append(records.get(t).size());
            }
            producer.flush();
        }
        if (failed.get() > 0) {
            err.println("tailwatch import: " + failed.get() + " records of " + dir + " were not accepted by " + broker.servers
                    + ", first: " + firstError.get().getMessage());
            return 1;
        }
        stdout.println("imported " + dir.toAbsolutePath() + " into " + broker.servers + (runIdAs != null ? " as run " + runIdAs : "")
                + ": " + counts);
        return 0;
    }

    /**
     * The first input topic that holds a record of the run, or null. Topics are append-only, so a run
     * that is there cannot be replaced, only duplicated. The small topics are read in full; noise, the
     * large one, only in the run's partition (see {@link RunRecords#contains}).
     */
    private String topicHolding(String runId) throws BadInputException {
        for (TopicSpec<?> topic : RunArchive.INPUT_TOPICS) {
            if (RunRecords.contains(broker.target(), topic.name(), runId, topic == Topics.NOISE)) {
                return topic.name();
            }
        }
        return null;
    }
}
