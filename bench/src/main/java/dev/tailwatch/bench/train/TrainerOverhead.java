package dev.tailwatch.bench.train;

import dev.tailwatch.broker.EmbeddedKafkaBroker;
import dev.tailwatch.schema.Topics;
import dev.tailwatch.schema.avro.ProbeMode;
import dev.tailwatch.trainer.data.Dataset;
import dev.tailwatch.trainer.data.DatasetSpec;
import dev.tailwatch.trainer.model.ModelSpec;
import dev.tailwatch.trainer.publish.PublisherStats;
import dev.tailwatch.trainer.publish.RecordPublisher;
import dev.tailwatch.trainer.publish.RunPublisher;
import dev.tailwatch.trainer.train.NativeThreads;
import dev.tailwatch.trainer.train.TrainConfig;
import dev.tailwatch.trainer.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What monitoring costs the training it watches, measured as ratios within one run on one machine:
 * <ul>
 *   <li>native threads: step time with 1 and 2 ND4J threads, probe off;</li>
 *   <li>online probe + publishing to a real broker (in this process, as in the demo) against the probe off;</li>
 *   <li>the exact probe (every N, m minibatches) + publishing against the probe off, and one exact probe
 *       in step-equivalents.</li>
 * </ul>
 * Arms alternate round by round (off, online, exact, off, ...) so drift in the machine's speed hits all
 * of them alike; each arm trains a fresh network from the same seed.
 *
 * <p>Usage: {@code bench/trainer-overhead.sh [--quick] [--width W] [--depth D] [--batch B] [--bootstrap B]}
 * (--bootstrap: publish to a broker in another process instead of one in this process)
 */
public final class TrainerOverhead {

    /** publish: 0 = nothing, 1 = probe runs but its records are discarded before encoding, 2 = published to the broker. */
    private record Arm(String name, ProbeMode probe, int publish) {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = Arrays.asList(args).contains("--quick");
        int width = intArg(args, "--width", 128);
        int depth = intArg(args, "--depth", 2);
        int batch = intArg(args, "--batch", 64);
        int every = 20;
        int probeBatches = 8;
        int iterations = quick ? 150 : 400;
        int rounds = quick ? 2 : 5;
        Dataset data = DatasetSpec.load("mnist");
        System.out.printf(Locale.ROOT, "model fcn depth=%d width=%d, batch %d, %d iterations per arm, %d rounds, %d cores%n",
                depth, width, batch, iterations, rounds, Runtime.getRuntime().availableProcessors());

        System.out.println("\n== ND4J native threads (probe off, no publishing)");
        double[] perThreads = new double[3];
        for (int round = 0; round < rounds; round++) {
            for (int threads = 1; threads <= 2; threads++) {
                NativeThreads.set(threads);
                perThreads[threads] += train(config("threads", ModelSpec.Kind.FCN, depth, width, batch, iterations, ProbeMode.OFF,
                        every, probeBatches), data, null) / rounds;
            }
        }
        NativeThreads.set(NativeThreads.DEFAULT);
        System.out.printf(Locale.ROOT, "1 thread : %.3f ms/step%n2 threads: %.3f ms/step  (ratio 2/1 = %.2f)%n",
                perThreads[1] * 1e3, perThreads[2] * 1e3, perThreads[2] / perThreads[1]);

        System.out.println("\n== probe overhead, publishing to an in-process KRaft broker");
        Path journal = Files.createTempDirectory("tailwatch-bench-journal");
        List<Arm> arms = List.of(new Arm("off", ProbeMode.OFF, 0), new Arm("online-unpublished", ProbeMode.ONLINE, 1),
                new Arm("online", ProbeMode.ONLINE, 2), new Arm("exact", ProbeMode.EXACT, 2));
        double[] perStep = new double[arms.size()];
        String external = stringArg(args, "--bootstrap", null);
        try (EmbeddedKafkaBroker broker = external == null ? EmbeddedKafkaBroker.builder().build().start() : null) {
            String bootstrap = external != null ? external : broker.bootstrapServers();
            if (broker != null) {
                broker.createTopics(Topics.newTopics(3, (short) 1));
            }
            System.out.println(external == null ? "broker: in this process" : "broker: " + external + " (another process)");
            for (int round = 0; round < rounds; round++) {
                for (int a = 0; a < arms.size(); a++) {
                    Arm arm = arms.get(a);
                    TrainConfig config = config("bench-" + arm.name() + "-" + round, ModelSpec.Kind.FCN, depth, width, batch,
                            iterations, arm.probe(), every, probeBatches);
                    if (arm.publish() == 0) {
                        perStep[a] += train(config, data, null) / rounds;
                        continue;
                    }
                    if (arm.publish() == 1) {
                        perStep[a] += train(config, data, new DiscardingPublisher(config)) / rounds;
                        continue;
                    }
                    RecordPublisher publisher = new RecordPublisher(bootstrap, journal, RecordPublisher.Settings.defaults());
                    perStep[a] += train(config, data, new RunPublisher(publisher, config.runId(), config.probe())) / rounds;
                    PublisherStats stats = publisher.close(Duration.ofSeconds(30));
                    if (stats.pending() > 0 || stats.dropped() > 0 || stats.spilled() > 0) {
                        System.out.println("  note: " + arm.name() + " publisher " + stats);
                    }
                }
            }
        }
        double off = perStep[0];
        System.out.printf(Locale.ROOT, "%-20s %10s %12s%n", "arm", "ms/step", "vs off");
        for (int a = 0; a < arms.size(); a++) {
            System.out.printf(Locale.ROOT, "%-20s %10.3f %11.3fx%n", arms.get(a).name(), perStep[a] * 1e3, perStep[a] / off);
        }
        double exactExtraPerProbe = (perStep[3] - off) * every;
        System.out.printf(Locale.ROOT, "online probe alone (records discarded): %+.1f %% of step time%n", (perStep[1] / off - 1) * 100);
        System.out.printf(Locale.ROOT, "online probe + publishing overhead: %+.1f %% of step time (target ≤ 3 %%)%n",
                (perStep[2] / off - 1) * 100);
        System.out.printf(Locale.ROOT, "exact probe (m=%d, every %d) + publishing: one probe = %.1f step-equivalents; "
                + "amortised overhead %+.1f %%%n", probeBatches, every, exactExtraPerProbe / off, (perStep[3] / off - 1) * 100);
    }

    /** Seconds per iteration of a whole run (evaluation only at the first and last iteration, alike in every arm). */
    private static double train(TrainConfig config, Dataset data, RunPublisher publisher) {
        Trainer trainer = new Trainer(config, data);
        long t0 = System.nanoTime();
        long done = trainer.run(publisher, (it, loss, acc, step) -> { }, () -> false);
        return (System.nanoTime() - t0) / 1e9 / done;
    }

    private static TrainConfig config(String run, ModelSpec.Kind kind, int depth, int width, int batch, int iterations,
                                      ProbeMode probe, int every, int probeBatches) {
        return new TrainConfig(run, new ModelSpec(kind, depth, width, 16, ModelSpec.Loss.XENT), "mnist", 0.1, 1, 1000, batch,
                iterations, probe, every, probeBatches, 1000, 0, 0.99, Integer.MAX_VALUE, 0.2, 1);
    }

    /** Takes the probe's records and drops them: the probe's own cost without encoding or Kafka. */
    private static final class DiscardingPublisher extends RunPublisher {
        DiscardingPublisher(TrainConfig config) {
            super(null, config.runId(), config.probe());
        }

        @Override
        public void runInfo(dev.tailwatch.schema.avro.RunInfo info) {
        }

        @Override
        public void metrics(dev.tailwatch.schema.avro.TrainingMetrics metrics) {
        }

        @Override
        public void noise(long iteration, List<dev.tailwatch.trainer.probe.ProbedNoise> layers) {
        }
    }

    private static String stringArg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private static int intArg(String[] args, String name, int fallback) {
        String value = stringArg(args, name, null);
        return value == null ? fallback : Integer.parseInt(value);
    }
}
