package dev.tailwatch.cli;

import dev.tailwatch.trainer.data.Dataset;
import dev.tailwatch.trainer.publish.PublisherStats;
import dev.tailwatch.trainer.publish.RecordPublisher;
import dev.tailwatch.trainer.publish.RunPublisher;
import dev.tailwatch.trainer.train.NativeThreads;
import dev.tailwatch.trainer.train.TrainConfig;
import dev.tailwatch.trainer.train.Trainer;
import dev.tailwatch.trainer.train.TrainingProgress;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * One training run published to Kafka, as {@code train} and {@code demo} both run it: the network is
 * built (and every setting checked) by {@link #prepare}, before any record is published.
 */
final class TrainingRun {

    /** How a run ended: the iterations done out of those asked for, and what the publisher did. */
    record Outcome(long iterations, long requested, PublisherStats publishing, Path journal) {
        boolean complete() {
            return iterations == requested;
        }
    }

    private final TrainConfig config;
    private final Trainer trainer;
    private final RecordPublisher.Settings publisherSettings;

    private TrainingRun(TrainConfig config, Trainer trainer, RecordPublisher.Settings publisherSettings) {
        this.config = config;
        this.trainer = trainer;
        this.publisherSettings = publisherSettings;
    }

    static TrainingRun prepare(TrainOptions options, String runId) throws BadInputException {
        TrainConfig config = options.config(runId);
        RecordPublisher.Settings publisherSettings = options.publisherSettings();
        Dataset data = options.loadData();
        NativeThreads.set(options.nativeThreads());
        try {
            return new TrainingRun(config, new Trainer(config, data), publisherSettings);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    TrainConfig config() {
        return config;
    }

    Trainer trainer() {
        return trainer;
    }

    /**
     * Trains and publishes; the publisher gets {@code flushTimeout} at the end, and what the broker has
     * not taken by then stays in {@code journal} for the next start.
     */
    Outcome run(KafkaTarget kafka, Path journal, Duration flushTimeout, TrainingProgress progress, BooleanSupplier stop)
            throws BadInputException {
        RecordPublisher publisher;
        try {
            publisher = new RecordPublisher(kafka.servers(), kafka.client(), journal, publisherSettings);
        } catch (IOException e) {
            throw new BadInputException("--journal " + journal + ": " + OutputPaths.reason(e));
        }
        long done;
        try {
            done = trainer.run(new RunPublisher(publisher, config.runId(), config.probe()), progress, stop);
        } finally {
            publisher.close(flushTimeout);
        }
        return new Outcome(done, config.iterations(), publisher.stats(), journal);
    }
}
