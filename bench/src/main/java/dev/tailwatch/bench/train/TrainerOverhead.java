package dev.tailwatch.bench.train;

import dev.tailwatch.bench.common.BenchBroker;
import dev.tailwatch.bench.common.BenchStats;
import dev.tailwatch.bench.common.ThreadCpu;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What monitoring costs the training it watches, measured as ratios within one run on one machine:
 * <ul>
 *   <li>with --compare-threads: step time with 1 and 2 ND4J threads, probe off;</li>
 *   <li>the window probe alone and + publishing to a real broker against the probe off, and the ema
 *       probe + publishing;</li>
 *   <li>the exact probe (every N, m minibatches) + publishing against the probe off, and one exact probe
 *       in step-equivalents.</li>
 * </ul>
 * Arms alternate round by round (off, window, exact, ema, off, ...) so drift in the machine's speed hits all
 * of them alike; each arm trains a fresh network from the same seed.
 *
 * <p>Usage: {@code bench/trainer-overhead.sh [--quick] [--width W] [--depth D] [--batch B] [--iterations N]
 * [--rounds R] [--warmup-rounds R] [--broker child|in-process | --bootstrap B] [--compare-threads]}
 * (--broker child, the default: a broker in its own JVM on this machine, as {@code tailwatch train} against
 * {@code tailwatch broker}; in-process: inside the trainer's JVM, as in the demo; --bootstrap: one that runs already)
 */
public final class TrainerOverhead {

    /** publish: 0 = nothing, 1 = probe runs but its records are discarded before encoding, 2 = published to the broker. */
    private record Arm(int index, String name, ProbeMode probe, int publish) {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = Arrays.asList(args).contains("--quick");
        int width = intArg(args, "--width", 128);
        int depth = intArg(args, "--depth", 2);
        int batch = intArg(args, "--batch", 64);
        int every = 20;
        int probeBatches = 8;
        int iterations = intArg(args, "--iterations", quick ? 150 : 400);
        int rounds = intArg(args, "--rounds", quick ? 3 : 24);
        int warmupRounds = intArg(args, "--warmup-rounds", quick ? 1 : 2);
        String brokerWhere = stringArg(args, "--broker", "child");
        String external = stringArg(args, "--bootstrap", null);
        Dataset data = DatasetSpec.load("mnist");
        System.out.printf(Locale.ROOT, "model fcn depth=%d width=%d, batch %d, %d iterations per arm, %d warm-up + %d counted rounds, "
                        + "%d cores, OMP_NUM_THREADS=%s%n", depth, width, batch, iterations, warmupRounds, rounds,
                Runtime.getRuntime().availableProcessors(), System.getenv("OMP_NUM_THREADS"));

        if (Arrays.asList(args).contains("--compare-threads")) {
            compareThreads(data, depth, width, batch, iterations, rounds, every, probeBatches);
        }

        Path journal = Files.createTempDirectory("tailwatch-bench-journal");
        List<Arm> arms = List.of(new Arm(0, "off", ProbeMode.OFF, 0), new Arm(1, "window-unpublished", ProbeMode.WINDOW, 1),
                new Arm(2, "window", ProbeMode.WINDOW, 2), new Arm(3, "exact", ProbeMode.EXACT, 2), new Arm(4, "ema", ProbeMode.ONLINE, 2));
        double[][] perStep = new double[arms.size()][rounds];
        List<Map<String, Double>> cpuPerStep = new ArrayList<>();
        arms.forEach(arm -> cpuPerStep.add(new TreeMap<>()));
        try (BenchBroker broker = external == null ? BenchBroker.start(brokerWhere, 3) : null) {
            String bootstrap = broker != null ? broker.bootstrapServers() : external;
            System.out.println("\n== probe overhead; broker: " + bootstrap + " (" + (broker != null ? broker.where() : "given") + ")");
            // One publisher for the whole bench, as a training process has one for its whole run: its start-up
            // (connection, producer id) is not a per-step cost.
            RecordPublisher publisher = new RecordPublisher(bootstrap, journal, RecordPublisher.Settings.defaults());
            // Warm-up rounds let the JIT compile every path (producer, broker, probe) and are not counted:
            // C2 was still compiling Kafka code a minute into a run, which a short arm would charge to publishing.
            for (int round = -warmupRounds; round < rounds; round++) {
                boolean counted = round >= 0;
                for (int k = 0; k < arms.size(); k++) {
                    // The order rotates from round to round, so no arm always follows the one that leaves garbage behind.
                    Arm arm = arms.get(Math.floorMod(k + round, arms.size()));
                    TrainConfig config = config("bench-" + arm.name() + "-" + round, ModelSpec.Kind.FCN, depth, width, batch,
                            iterations, arm.probe(), every, probeBatches);
                    RunPublisher runPublisher = switch (arm.publish()) {
                        case 0 -> null;
                        case 1 -> new DiscardingPublisher(config);
                        default -> new RunPublisher(publisher, config.runId(), config.probe());
                    };
                    ThreadCpu before = ThreadCpu.now();
                    double seconds = train(config, data, runPublisher);
                    if (arm.publish() == 2) {
                        // The arm's records leave within the linger time: their sending is charged to this arm.
                        awaitSent(publisher);
                    }
                    Map<String, Double> cpu = ThreadCpu.now().since(before);
                    if (counted) {
                        perStep[arm.index()][round] = seconds;
                        double steps = (double) iterations * rounds;
                        cpu.forEach((group, cpuSeconds) -> cpuPerStep.get(arm.index()).merge(group, cpuSeconds / steps, Double::sum));
                    }
                }
            }
            PublisherStats stats = publisher.close(Duration.ofSeconds(30));
            System.out.println("publisher: " + stats);
        }
        printCpu(arms, cpuPerStep);
        System.out.printf(Locale.ROOT, "%n%-20s %10s %12s %26s%n", "arm", "ms/step", "mean vs off", "per-round ratios (median)");
        double[] ratioMedian = new double[arms.size()];
        for (Arm arm : arms) {
            double[] ratios = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratios[r] = perStep[arm.index()][r] / perStep[0][r];
            }
            ratioMedian[arm.index()] = BenchStats.median(ratios);
            StringBuilder each = new StringBuilder();
            for (double ratio : ratios) {
                each.append(String.format(Locale.ROOT, " %.3f", ratio));
            }
            System.out.printf(Locale.ROOT, "%-20s %10.3f %11.3fx %s (%.3f)%n", arm.name(), mean(perStep[arm.index()]) * 1e3,
                    mean(perStep[arm.index()]) / mean(perStep[0]), each, ratioMedian[arm.index()]);
        }
        System.out.printf(Locale.ROOT, "window probe (the default) alone (records discarded): %+.1f %% of step time (median of rounds)%n",
                (ratioMedian[1] - 1) * 100);
        System.out.printf(Locale.ROOT, "window probe + publishing overhead: %+.1f %% of step time (median of rounds; target ≤ 3 %%)%n",
                (ratioMedian[2] - 1) * 100);
        System.out.printf(Locale.ROOT, "ema probe + publishing overhead: %+.1f %% of step time (median of rounds)%n",
                (ratioMedian[4] - 1) * 100);
        System.out.printf(Locale.ROOT, "exact probe (m=%d, every %d) + publishing: one probe = %.1f step-equivalents; "
                + "amortised overhead %+.1f %%%n", probeBatches, every, (ratioMedian[3] - 1) * every, (ratioMedian[3] - 1) * 100);
    }

    private static void awaitSent(RecordPublisher publisher) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (publisher.stats().pending() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    /** Only meaningful with OMP_NUM_THREADS unset: ND4J's OpenMP pool is sized from the environment when it loads. */
    private static void compareThreads(Dataset data, int depth, int width, int batch, int iterations, int rounds, int every,
                                       int probeBatches) {
        System.out.println("\n== ND4J native threads (probe off, no publishing)");
        if (System.getenv("OMP_NUM_THREADS") != null) {
            System.out.println("note: OMP_NUM_THREADS is set, so the in-process setting below cannot change the pool");
        }
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
    }

    private static void printCpu(List<Arm> arms, List<Map<String, Double>> cpuPerStep) {
        System.out.println("\nCPU per step by thread group, ms, this process only (groups under 0.01 ms in every arm left out)");
        System.out.printf(Locale.ROOT, "%-48s", "thread group");
        arms.forEach(arm -> System.out.printf(Locale.ROOT, " %19s", arm.name()));
        System.out.println();
        java.util.Set<String> groups = new java.util.TreeSet<>();
        cpuPerStep.forEach(m -> groups.addAll(m.keySet()));
        for (String group : groups) {
            if (cpuPerStep.stream().allMatch(m -> Math.abs(m.getOrDefault(group, 0.0)) < 1e-5)) {
                continue;
            }
            System.out.printf(Locale.ROOT, "%-48s", group.length() > 48 ? group.substring(0, 48) : group);
            cpuPerStep.forEach(m -> System.out.printf(Locale.ROOT, " %19.3f", m.getOrDefault(group, 0.0) * 1e3));
            System.out.println();
        }
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(Double.NaN);
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
