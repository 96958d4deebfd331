package dev.tailwatch.cli;

import dev.tailwatch.schema.avro.ProbeMode;
import dev.tailwatch.trainer.data.DataFormatException;
import dev.tailwatch.trainer.data.Dataset;
import dev.tailwatch.trainer.data.DatasetSpec;
import dev.tailwatch.trainer.model.ModelSpec;
import dev.tailwatch.trainer.publish.RecordPublisher;
import dev.tailwatch.trainer.train.NativeThreads;
import dev.tailwatch.trainer.train.ProbeNames;
import dev.tailwatch.trainer.train.TrainConfig;
import java.io.IOException;
import picocli.CommandLine.Option;

/**
 * What to train and how to probe it, shared by {@code tailwatch train} and the demo. Everything is
 * checked by {@link #config} and {@link #loadData} before training starts, so a bad value fails in
 * seconds, naming the option, rather than after the network is built.
 */
final class TrainOptions {

    @Option(names = "--model", paramLabel = "fcn|cnn", defaultValue = "fcn", description = "Network (default ${DEFAULT-VALUE}).")
    ModelSpec.Kind model;

    @Option(names = "--depth", paramLabel = "D", defaultValue = "2", description = "FCN hidden layers (default ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--width", paramLabel = "W", defaultValue = "128", description = "FCN units per hidden layer (default ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--filters", paramLabel = "F", defaultValue = "16",
            description = "CNN filters of the first convolution; later ones scale with it (default ${DEFAULT-VALUE}).")
    int filters;

    @Option(names = "--loss", paramLabel = "xent|hinge", defaultValue = "xent", description = "Loss (default ${DEFAULT-VALUE}).")
    ModelSpec.Loss loss;

    @Option(names = "--dataset", paramLabel = "SPEC", defaultValue = "mnist",
            description = "mnist (the shipped 10,000 MNIST test digits), mnist:PATH (MNIST or Fashion-MNIST IDX, gzip or not), "
                    + "cifar10:PATH (binary batches) or csv:PATH (label first, then pixels) (default ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--lr", paramLabel = "R", defaultValue = "0.1", description = "SGD learning rate (default ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--lr-decay", paramLabel = "F", defaultValue = "1",
            description = "Step schedule: multiply the rate by F every --lr-step iterations (default ${DEFAULT-VALUE}: constant).")
    double lrDecay;

    @Option(names = "--lr-step", paramLabel = "N", defaultValue = "1000", description = "Iterations per schedule step (default ${DEFAULT-VALUE}).")
    int lrStep;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "64", description = "Minibatch size (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "2000", description = "SGD steps (default ${DEFAULT-VALUE}).")
    long iterations;

    @Option(names = "--probe", paramLabel = "exact|window|ema|off", defaultValue = ProbeNames.DEFAULT,
            description = "exact: every --every iterations, m fixed minibatches at fixed weights, minus their mean (the paper's "
                    + "measurement; m extra gradients per probe: about +21-31 %% of step time at --every 20, +5 %% at --every 100, "
                    + "docs/ACCURACY.md); window: every --every iterations, the gradients of the last m training steps minus their "
                    + "mean (free; reads α 0.03-0.07 low network-wide, up to 0.1 in a layer); ema: every iteration, the step's "
                    + "gradient minus a moving average (an approximation that reads α 0.1-0.3 low); off (default ${DEFAULT-VALUE}).")
    ProbeMode probe;

    @Option(names = "--every", paramLabel = "N", defaultValue = "20",
            description = "Window and exact probes: a noise sample every N iterations (default ${DEFAULT-VALUE}).")
    int every;

    @Option(names = "--probe-batches", paramLabel = "m", defaultValue = "8",
            description = "Rows per noise sample: the exact probe's minibatches, the window probe's steps (default ${DEFAULT-VALUE}).")
    int probeBatches;

    @Option(names = "--coords", paramLabel = "c", defaultValue = "1000", description = "Tracked coordinates per layer (default ${DEFAULT-VALUE}).")
    int coords;

    @Option(names = "--whole-layer-cap", paramLabel = "N", defaultValue = "0",
            description = "Exact probe: also a whole-layer sample of up to N parameters per layer (default ${DEFAULT-VALUE}: off).")
    int wholeLayerCap;

    @Option(names = "--ema-decay", paramLabel = "D", defaultValue = "0.99", description = "ema probe: moving-average decay (default ${DEFAULT-VALUE}).")
    double emaDecay;

    @Option(names = "--eval-every", paramLabel = "E", defaultValue = "50", description = "Train/test accuracy period (default ${DEFAULT-VALUE}).")
    int evalEvery;

    @Option(names = "--test-fraction", paramLabel = "F", defaultValue = "0.2", description = "Held-out share for test accuracy (default ${DEFAULT-VALUE}).")
    double testFraction;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of split, initialisation, batches and coordinates (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--native-threads", paramLabel = "N", defaultValue = "" + NativeThreads.DEFAULT,
            description = "ND4J's native math threads (OpenMP and BLAS). One was fastest on 2 cores (docs/PERFORMANCE.md) "
                    + "(default ${DEFAULT-VALUE}).")
    int nativeThreadsOption;

    /** The old spelling of --native-threads, still accepted; hidden, so that the help gives each option one meaning. */
    @Option(names = "--threads", paramLabel = "N", hidden = true)
    Integer oldThreadsSpelling;

    int nativeThreads() {
        return oldThreadsSpelling != null ? oldThreadsSpelling : nativeThreadsOption;
    }

    @Option(names = "--publish-linger-ms", paramLabel = "MS", defaultValue = "" + RecordPublisher.Settings.DEFAULT_LINGER_MS,
            description = "How long records wait to be sent together. Longer costs training less (one produce request "
                    + "per linger, not per step) and delays the live α by as much (default ${DEFAULT-VALUE}).")
    int publishLingerMs;

    RecordPublisher.Settings publisherSettings() throws BadInputException {
        if (publishLingerMs < 0 || publishLingerMs > 60_000) {
            throw new BadInputException("--publish-linger-ms must be between 0 and 60000, was " + publishLingerMs);
        }
        return RecordPublisher.Settings.defaults().withLingerMs(publishLingerMs);
    }

    TrainConfig config(String runId) throws BadInputException {
        if (nativeThreads() < 1) {
            throw new BadInputException("--native-threads must be at least 1, was " + nativeThreads());
        }
        try {
            return new TrainConfig(runId, new ModelSpec(model, depth, width, filters, loss), dataset, lr, lrDecay, lrStep, batch,
                    iterations, probe, every, probeBatches, coords, wholeLayerCap, emaDecay, evalEvery, testFraction, seed);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    Dataset loadData() throws BadInputException {
        try {
            return DatasetSpec.load(dataset);
        } catch (DataFormatException e) {
            throw new BadInputException(e.getMessage());
        } catch (IOException e) {
            throw new BadInputException("--dataset " + dataset + ": cannot read: " + e.getMessage());
        }
    }
}
