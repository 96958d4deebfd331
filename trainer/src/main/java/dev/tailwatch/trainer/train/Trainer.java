package dev.tailwatch.trainer.train;

import dev.tailwatch.schema.avro.LayerInfo;
import dev.tailwatch.schema.avro.ProbeConfig;
import dev.tailwatch.schema.avro.ProbeMode;
import dev.tailwatch.schema.avro.RunInfo;
import dev.tailwatch.schema.avro.RunStatus;
import dev.tailwatch.schema.avro.TrainingMetrics;
import dev.tailwatch.trainer.data.Dataset;
import dev.tailwatch.trainer.model.ModelSpec;
import dev.tailwatch.trainer.model.NetworkFactory;
import dev.tailwatch.trainer.probe.ExactNoiseProbe;
import dev.tailwatch.trainer.probe.LayerLayout;
import dev.tailwatch.trainer.probe.EmaNoiseProbe;
import dev.tailwatch.trainer.probe.NoiseSink;
import dev.tailwatch.trainer.probe.StepWindowNoiseProbe;
import dev.tailwatch.trainer.probe.TrainingProbe;
import dev.tailwatch.trainer.probe.TrackedCoordinates;
import dev.tailwatch.trainer.publish.RunPublisher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * One training run: splits the data (seeded), builds the network, trains with plain SGD, runs the chosen
 * noise probe, and publishes RunInfo (start and end), noise samples and per-iteration metrics.
 */
public final class Trainer {

    private final TrainConfig config;
    private final Dataset train;
    private final Dataset test;
    private final Dataset trainEval;
    private final MultiLayerNetwork net;
    private final List<LayerLayout> layers;
    private final TrackedCoordinates coordinates;
    private final ISchedule schedule;

    /**
     * @throws IllegalArgumentException naming the option, when the data set is too small for the settings
     *         (checked before anything is built, so {@code train} and {@code demo} fail before they start)
     */
    public Trainer(TrainConfig config, Dataset data) {
        requireEnoughData(config, data);
        this.config = config;
        SplittableRandom random = new SplittableRandom(config.seed());
        int[] order = Minibatches.permutation(data.examples(), random);
        int testCount = testCount(config, data);
        this.test = data.select(Arrays.copyOfRange(order, 0, testCount), data.name() + " (test)");
        this.train = data.select(Arrays.copyOfRange(order, testCount, order.length), data.name() + " (train)");
        this.trainEval = train.select(Arrays.copyOfRange(Minibatches.permutation(train.examples(), random), 0,
                Math.min(train.examples(), test.examples())), "train-eval");
        this.schedule = NetworkFactory.learningRate(config.lr(), config.lrDecay(), config.lrStep());
        this.net = NetworkFactory.build(config.model(), data.channels(), data.height(), data.width(), data.classes(),
                schedule, config.seed());
        this.layers = LayerLayout.of(net);
        this.coordinates = new TrackedCoordinates(layers, config.coordinates(), config.seed() ^ 0xC0FFEEL);
    }

    /** Examples held out for test accuracy: --test-fraction of them, at least one. */
    private static int testCount(TrainConfig config, Dataset data) {
        return Math.max(1, (int) Math.round(data.examples() * config.testFraction()));
    }

    /**
     * The split, the minibatches and the exact probe's fixed minibatches must fit in the data: said here,
     * in the options' terms, rather than as a failure on the first step of training.
     */
    static void requireEnoughData(TrainConfig config, Dataset data) {
        int examples = data.examples();
        String name = "--dataset " + config.dataset();
        if (examples < 2) {
            throw new IllegalArgumentException(name + ": " + examples + " example; training needs at least 2 (one is held out "
                    + "for test accuracy); give more rows");
        }
        int held = testCount(config, data);
        int train = examples - held;
        String split = " (" + examples + " examples, " + held + " held out by --test-fraction " + config.testFraction() + ")";
        if (train < 1) {
            throw new IllegalArgumentException(name + ": no training examples left" + split + "; lower --test-fraction or give more rows");
        }
        if (config.batch() > train) {
            throw new IllegalArgumentException("--batch " + config.batch() + " is larger than the " + train + " training examples of "
                    + config.dataset() + split + "; use --batch " + train + " or less, or give more rows");
        }
        long needed = (long) config.probeBatches() * config.batch();
        if (config.probe() == ProbeMode.EXACT && needed > train) {
            throw new IllegalArgumentException("--probe-batches × --batch = " + needed + " exceeds the " + train
                    + " training examples of " + config.dataset() + split + "; lower --probe-batches or --batch, or give more rows");
        }
    }

    public TrainConfig config() {
        return config;
    }

    public MultiLayerNetwork network() {
        return net;
    }

    public List<LayerLayout> layers() {
        return layers;
    }

    public TrackedCoordinates coordinates() {
        return coordinates;
    }

    public int trainExamples() {
        return train.examples();
    }

    /**
     * Trains until the configured iterations are done or {@code stop} says so; returns the iterations run.
     * Publishing goes through {@code publisher} (null trains without publishing).
     */
    public long run(RunPublisher publisher, TrainingProgress progress, BooleanSupplier stop) {
        List<TrainingProbe> probes = publisher == null || config.probe() == ProbeMode.OFF
                ? List.of() : List.of(probe(config.probe(), publisher));
        return run(publisher, probes, progress, stop);
    }

    /**
     * The probe {@code mode} with this run's settings, sending its samples to {@code sink}. Several probes of
     * one run can watch the same trajectory side by side: none touches parameters or updater state.
     */
    public TrainingProbe probe(ProbeMode mode, NoiseSink sink) {
        return switch (mode) {
            case EXACT -> new ExactNoiseProbe(layers, coordinates, probeSet(config.seed() + 2), config.wholeLayerCap())
                    .every(config.probeEvery(), sink);
            case WINDOW -> {
                StepWindowNoiseProbe window = new StepWindowNoiseProbe(layers, coordinates, config.probeEvery(), config.probeBatches(), sink);
                window.batchSize(config.batch());
                yield window;
            }
            case ONLINE -> {
                EmaNoiseProbe ema = new EmaNoiseProbe(layers, coordinates, config.emaDecay(), 10, sink);
                ema.batchSize(config.batch());
                yield ema;
            }
            case OFF -> throw new IllegalArgumentException("no probe to build for --probe off");
        };
    }

    /**
     * Trains with the given probes attached (their samples go wherever each was built to send them);
     * {@code publisher} gets RunInfo and metrics (null: none).
     */
    public long run(RunPublisher publisher, List<TrainingProbe> probes, TrainingProgress progress, BooleanSupplier stop) {
        boolean hinge = config.model().loss() == ModelSpec.Loss.HINGE;
        Minibatches batches = new Minibatches(train, config.batch(), hinge, config.seed() + 1);
        List<TrainingListener> listeners = new ArrayList<>();
        for (TrainingProbe probe : probes) {
            if (probe.listener() != null) {
                listeners.add(probe.listener());
            }
        }
        if (!listeners.isEmpty()) {
            net.addListeners(listeners.toArray(new TrainingListener[0]));
        }
        long started = System.currentTimeMillis();
        if (publisher != null) {
            publisher.runInfo(runInfo(RunStatus.STARTED, started, null, null));
        }
        long done = 0;
        double testAccuracy = Double.NaN;
        String failure = null;
        try {
            for (long it = 0; it < config.iterations() && !stop.getAsBoolean(); it++) {
                INDArray[] batch = batches.next();
                long t0 = System.nanoTime();
                net.fit(new org.nd4j.linalg.dataset.DataSet(batch[0], batch[1]));
                double stepSeconds = (System.nanoTime() - t0) / 1e9;
                double loss = net.score();
                double lr = schedule.valueAt((int) it, batches.epoch());
                // After fit the gradient view holds the update lr·mean-gradient (plain SGD): divide lr back out.
                double gradientNorm = net.getFlattenedGradients().norm2Number().doubleValue() / lr;
                for (TrainingProbe probe : probes) {
                    probe.afterStep(net, it);
                }
                Double trainAccuracy = null;
                Double testAcc = null;
                if (it % config.evalEvery() == 0 || it == config.iterations() - 1) {
                    trainAccuracy = accuracy(trainEval);
                    testAcc = accuracy(test);
                    testAccuracy = testAcc;
                }
                if (publisher != null) {
                    publisher.metrics(TrainingMetrics.newBuilder().setRunId(config.runId()).setIteration(it)
                            .setEpoch(batches.epoch()).setTimestampMs(System.currentTimeMillis()).setLoss(loss)
                            .setTrainAccuracy(trainAccuracy).setTestAccuracy(testAcc).setLearningRate(lr)
                            .setBatchSize(config.batch()).setGradientNorm(gradientNorm).setStepSeconds(stepSeconds).build());
                }
                done = it + 1;
                progress.step(it, loss, testAccuracy, stepSeconds);
            }
        } catch (RuntimeException e) {
            failure = e.toString();
            throw e;
        } finally {
            if (!listeners.isEmpty()) {
                net.setListeners();
            }
            if (publisher != null) {
                RunStatus status = failure == null && done == config.iterations() ? RunStatus.FINISHED : RunStatus.FAILED;
                String why = failure != null ? failure
                        : status == RunStatus.FAILED ? "stopped after " + done + " of " + config.iterations() + " iterations" : null;
                publisher.runInfo(runInfo(status, started, System.currentTimeMillis(), why));
            }
        }
        return done;
    }

    /** Fraction of correct predictions (argmax) on a data set. */
    public double accuracy(Dataset data) {
        int[] all = new int[data.examples()];
        Arrays.setAll(all, i -> i);
        int correct = 0;
        for (int from = 0; from < all.length; from += 500) {
            int[] chunk = Arrays.copyOfRange(all, from, Math.min(all.length, from + 500));
            INDArray out = net.output(Minibatches.arrays(data, chunk, false)[0]);
            INDArray predicted = out.argMax(1);
            for (int i = 0; i < chunk.length; i++) {
                if (predicted.getInt(i) == data.labels()[chunk[i]]) {
                    correct++;
                }
            }
        }
        return correct / (double) all.length;
    }

    /**
     * m = --probe-batches distinct minibatches of the training split drawn with {@code seed}, fixed for the run:
     * the exact probe's set is the one of the run's seed + 2; other seeds give other sets (the agreement bench
     * compares probe sets).
     */
    public List<INDArray[]> probeSet(long seed) {
        boolean hinge = config.model().loss() == ModelSpec.Loss.HINGE;
        int needed = config.probeBatches() * config.batch();
        if (needed > train.examples()) {
            throw new IllegalArgumentException("--probe-batches × --batch = " + needed + " exceeds the "
                    + train.examples() + " training examples");
        }
        int[] order = Minibatches.permutation(train.examples(), new SplittableRandom(seed));
        List<INDArray[]> set = new ArrayList<>();
        for (int i = 0; i < config.probeBatches(); i++) {
            set.add(Minibatches.arrays(train, Arrays.copyOfRange(order, i * config.batch(), (i + 1) * config.batch()), hinge));
        }
        return set;
    }

    /** The probe's settings as RunInfo names them: only the parameters the chosen probe uses. */
    ProbeConfig probeConfig() {
        ProbeMode mode = config.probe();
        int c = config.coordinates();
        ProbeConfig.Builder probe = ProbeConfig.newBuilder().setMode(mode).setCoordinatesPerLayer(c).setSeed(config.seed())
                .setProbeBatchSize(mode == ProbeMode.OFF ? 0 : config.batch());
        return switch (mode) {
            case EXACT -> probe.setEveryIterations(config.probeEvery()).setProbeBatches(config.probeBatches())
                    .setWholeLayerCap(config.wholeLayerCap())
                    .setDescription(String.format(Locale.ROOT, "exact: every %d iterations, at fixed weights, %d fixed minibatches "
                            + "of %d, noise = g_i - mean%s; %d tracked coordinates per layer", config.probeEvery(),
                            config.probeBatches(), config.batch(), config.wholeLayerCap() > 0
                                    ? ", whole-layer samples up to " + config.wholeLayerCap() : "", c)).build();
            case WINDOW -> probe.setEveryIterations(config.probeEvery()).setProbeBatches(config.probeBatches())
                    .setDescription(String.format(Locale.ROOT, "window: every %d iterations, the minibatch gradients (batch %d) of "
                            + "the last %d training steps, noise = g_i - mean; %d tracked coordinates per layer",
                            config.probeEvery(), config.batch(), config.probeBatches(), c)).build();
            case ONLINE -> probe.setEveryIterations(1).setProbeBatches(1).setEmaDecay(config.emaDecay())
                    .setDescription(String.format(Locale.ROOT, "ema (an approximation, reads alpha low: docs/ACCURACY.md): every "
                            + "iteration, the step's gradient (batch %d) minus a moving average, decay %s; %d tracked coordinates "
                            + "per layer", config.batch(), config.emaDecay(), c)).build();
            case OFF -> probe.setEveryIterations(0).setProbeBatches(0).setDescription("off: no noise probe").build();
        };
    }

    public RunInfo runInfo(RunStatus status, long startedMs, Long endedMs, String failure) {
        List<LayerInfo> infos = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            LayerLayout layout = layers.get(l);
            List<Integer> tracked = new ArrayList<>();
            for (int c : coordinates.of(l)) {
                tracked.add(c);
            }
            infos.add(LayerInfo.newBuilder().setIndex(l).setName(layout.name()).setParameterCount(layout.parameters())
                    .setShape(layout.weightShape().stream().map(Long::intValue).toList()).setTrackedCoordinates(tracked)
                    .setNetworkColumns(coordinates.networkColumns(l)).build());
        }
        Map<String, String> hyper = new LinkedHashMap<>();
        hyper.put("lr", Double.toString(config.lr()));
        hyper.put("lr_decay", Double.toString(config.lrDecay()));
        hyper.put("lr_step", Integer.toString(config.lrStep()));
        hyper.put("batch", Integer.toString(config.batch()));
        hyper.put("iterations", Long.toString(config.iterations()));
        hyper.put("optimizer", "sgd (no momentum, no weight decay)");
        hyper.put("seed", Long.toString(config.seed()));
        hyper.put("train_examples", Integer.toString(train.examples()));
        hyper.put("test_examples", Integer.toString(test.examples()));
        return RunInfo.newBuilder()
                .setRunId(config.runId())
                .setStatus(status)
                .setStartedAtMs(startedMs)
                .setEndedAtMs(endedMs)
                .setModel(config.model().describe() + ", " + net.numParams() + " parameters")
                .setDataset(config.dataset())
                .setLayers(infos)
                .setProbe(probeConfig())
                .setHyperparameters(hyper)
                .setFailure(failure)
                .setSource("trainer")
                .build();
    }
}
