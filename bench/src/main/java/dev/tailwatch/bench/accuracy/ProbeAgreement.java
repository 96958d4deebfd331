package dev.tailwatch.bench.accuracy;

import dev.tailwatch.schema.avro.ProbeMode;
import dev.tailwatch.schema.avro.RunInfo;
import dev.tailwatch.schema.avro.TrainingMetrics;
import dev.tailwatch.streams.analysis.AlphaPoint;
import dev.tailwatch.streams.analysis.AnalysisConfig;
import dev.tailwatch.streams.analysis.EventPoint;
import dev.tailwatch.trainer.data.Dataset;
import dev.tailwatch.trainer.data.DatasetSpec;
import dev.tailwatch.trainer.model.ModelSpec;
import dev.tailwatch.trainer.probe.ExactNoiseProbe;
import dev.tailwatch.trainer.probe.NoiseSink;
import dev.tailwatch.trainer.probe.ProbedNoise;
import dev.tailwatch.trainer.probe.PairedNoiseProbe;
import dev.tailwatch.trainer.probe.StepWindowNoiseProbe;
import dev.tailwatch.trainer.probe.TrainingProbe;
import dev.tailwatch.trainer.publish.RunPublisher;
import dev.tailwatch.trainer.train.TrainConfig;
import dev.tailwatch.trainer.train.Trainer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * Do the cheap probes measure the paper's α? One seeded training run per configuration, watched by the
 * exact probe and every cheap probe side by side (no probe touches the trajectory, so all see the same
 * weights); each probe's samples go through the processors' own {@code RunAnalyzer} with the live
 * analysis defaults, without Kafka. Per layer and network-wide, the cheap probe's rolling and
 * per-iteration α against the exact probe's at every exact checkpoint from {@code --from} on
 * ({@link Agreement}), and the α events each probe raises.
 *
 * <p>Usage: {@code bench/probe-agreement.sh [--quick] [--iterations N] [--from N] [--seed S] [--models fcn,cnn] [--filters 4]
 * [--batches 32,128] [--lrs 0.1,0.02] [--probes window,window:M,exact:N,paired,ema,exact-fresh] [--k1 auto,80] [--trace N]
 * [--out FILE]}
 */
public final class ProbeAgreement {

    /** A compared probe: its name in the tables and how to build it for a run. */
    record Candidate(String name, BiFunction<Trainer, NoiseSink, TrainingProbe> build) {

        static Candidate named(String name) {
            if (name.startsWith("window:")) {
                // The window probe over M steps instead of the default 8: how its offset from the exact probe grows with
                // the number of steps the weights move over (docs/ACCURACY.md).
                int steps = Integer.parseInt(name.substring("window:".length()));
                return new Candidate(name, (t, sink) -> {
                    StepWindowNoiseProbe probe = new StepWindowNoiseProbe(t.layers(), t.coordinates(), t.config().probeEvery(), steps, sink);
                    probe.batchSize(t.config().batch());
                    return probe;
                });
            }
            if (name.startsWith("exact:")) {
                // The exact probe itself (same fixed minibatches, so the same sample at every shared iteration) at a
                // sparser cadence: what a cheaper --every does to the rolling α (docs/ACCURACY.md).
                int every = Integer.parseInt(name.substring("exact:".length()));
                return new Candidate(name, (t, sink) -> new ExactNoiseProbe(t.layers(), t.coordinates(), t.probeSet(t.config().seed() + 2),
                        t.config().wholeLayerCap()).every(every, sink));
            }
            return switch (name) {
                case "exact" -> new Candidate(name, (t, sink) -> t.probe(ProbeMode.EXACT, sink));
                case "window" -> new Candidate(name, (t, sink) -> t.probe(ProbeMode.WINDOW, sink));
                // (g_t+1 − g_t)/√2 of consecutive steps: measured, not offered as a --probe (docs/ACCURACY.md).
                case "paired" -> new Candidate(name, (t, sink) -> {
                    PairedNoiseProbe probe = new PairedNoiseProbe(t.layers(), t.coordinates(), t.config().probeEvery(),
                            t.config().probeBatches(), sink);
                    probe.batchSize(t.config().batch());
                    return probe;
                });
                case "ema" -> new Candidate(name, (t, sink) -> t.probe(ProbeMode.ONLINE, sink));
                // The exact probe with another fixed probe set, and with fresh minibatches at every probe: how much of
                // a difference from the reference is the choice of its m minibatches.
                case "exact-set2" -> new Candidate(name, (t, sink) -> new ExactNoiseProbe(t.layers(), t.coordinates(),
                        t.probeSet(t.config().seed() + 1_000), 0).every(t.config().probeEvery(), sink));
                case "exact-fresh" -> new Candidate(name, (t, sink) -> new TrainingProbe() {
                    private long draws;

                    @Override
                    public void afterStep(org.deeplearning4j.nn.multilayer.MultiLayerNetwork net, long iteration) {
                        if (iteration % t.config().probeEvery() == 0) {
                            sink.noise(iteration, new ExactNoiseProbe(t.layers(), t.coordinates(),
                                    t.probeSet(t.config().seed() + 2_000 + draws++), 0).measure(net, iteration));
                        }
                    }
                });
                default -> throw new IllegalArgumentException("--probes: unknown probe '" + name
                        + "'; use window, window:M (M steps), exact:N (every N), paired, ema, exact-set2, exact-fresh");
            };
        }
    }

    record Setting(ModelSpec.Kind model, int batch, double lr) {
        String label() {
            return String.format(Locale.ROOT, "%s b=%d lr=%s", model.name().toLowerCase(Locale.ROOT), batch, lr);
        }
    }

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (IllegalArgumentException e) {
            // A mistyped option is one line, not a stack trace (NumberFormatException is an IllegalArgumentException).
            System.err.println("probe-agreement: " + e.getMessage());
            System.exit(2);
        }
    }

    private static void run(String[] args) throws Exception {
        boolean quick = Arrays.asList(args).contains("--quick");
        int iterations = Integer.parseInt(arg(args, "--iterations", quick ? "600" : "1000"));
        long from = Long.parseLong(arg(args, "--from", "200"));
        long seed = Long.parseLong(arg(args, "--seed", "3"));
        // The CLI's CNN has 16 filters; 4 keeps the CNN rows of the grid to minutes on 2 cores (same architecture).
        int filters = Integer.parseInt(arg(args, "--filters", "4"));
        List<String> models = List.of(arg(args, "--models", quick ? "fcn" : "fcn,cnn").split(","));
        List<String> batches = List.of(arg(args, "--batches", quick ? "64" : "32,128").split(","));
        List<String> lrs = List.of(arg(args, "--lrs", quick ? "0.1" : "0.1,0.02").split(","));
        List<Candidate> candidates = new ArrayList<>();
        for (String name : arg(args, "--probes", "window,paired,ema,exact-fresh").split(",")) {
            candidates.add(Candidate.named(name));
        }
        // The block size decides the estimator's bias on a layer's mix of coordinate scales, so probes are compared
        // both as deployed (K1 chosen per run from its first sample) and at one common K1 (the probe alone).
        List<Integer> k1s = Arrays.stream(arg(args, "--k1", "auto,80").split(",")).map(k -> k.equals("auto") ? 0 : Integer.parseInt(k))
                .toList();
        String out = arg(args, "--out", null);
        // --trace N: each probe's network-wide rolling α every N iterations, to see what α does over a run.
        int trace = Integer.parseInt(arg(args, "--trace", "0"));
        Dataset data = DatasetSpec.load("mnist");
        List<Setting> settings = new ArrayList<>();
        for (String model : models) {
            for (String batch : batches) {
                for (String lr : lrs) {
                    if (!model.equals("fcn") && !model.equals("cnn")) {
                        throw new IllegalArgumentException("--models: unknown model '" + model + "'; use fcn and/or cnn");
                    }
                    settings.add(new Setting(ModelSpec.Kind.valueOf(model.toUpperCase(Locale.ROOT)), Integer.parseInt(batch),
                            Double.parseDouble(lr)));
                }
            }
        }
        StringBuilder summary = new StringBuilder();
        StringBuilder detail = new StringBuilder();
        summary.append(String.format(Locale.ROOT, "%d iterations, seed %d, shipped digits, FCN 784-128-128-10, CNN with %d filters; "
                + "exact probe every 20 iterations with m = 8 fixed minibatches; 1,000 tracked coordinates per layer; analysis defaults "
                + "(window 50) with K1 %s; compared from iteration %d%n%n", iterations, seed, filters,
                k1s.stream().map(k -> k == 0 ? "automatic" : Integer.toString(k)).collect(Collectors.joining(" and ")), from));
        summary.append("| config, analysis | probe | series | rolling: mean Δ | worst Δ (it) | worst z | points outside | per-iteration: mean Δ "
                + "| mean \\|Δ\\| | worst Δ | mean z | mean se | meets target |\n|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        Map<String, Boolean> metByK1 = new LinkedHashMap<>();
        StringBuilder detailAll = new StringBuilder();
        for (Setting setting : settings) {
            long t0 = System.nanoTime();
            Map<Integer, Map<String, ProbeRecorder>> byK1 = run(setting, filters, iterations, seed, candidates, k1s, data);
            double seconds = (System.nanoTime() - t0) / 1e9;
            detail.append(String.format(Locale.ROOT, "%n### %s (%.0f s)%n", setting.label(), seconds));
            for (int k1 : k1s) {
                compare(setting.label(), k1 == 0 ? "K1 auto" : "K1 " + k1, byK1.get(k1), candidates, from, summary, detail, metByK1);
                if (trace > 0) {
                    trace(byK1.get(k1), k1, iterations, trace, detail);
                }
            }
            System.out.print(detail);
            detailAll.append(detail);
            detail.setLength(0);
            System.out.flush();
        }
        String verdict = metByK1.entrySet().stream().map(e -> String.format(Locale.ROOT,
                "meets the target in every configuration, %s: %s", e.getKey(), e.getValue() ? "yes" : "NO"))
                .collect(Collectors.joining("\n")) + "\n";
        String report = "## Summary\n\n" + summary + "\n" + verdict + "\n## Per configuration\n" + detailAll;
        System.out.println();
        System.out.print("## Summary\n\n" + summary + "\n" + verdict);
        if (out != null) {
            Files.writeString(Path.of(out), report, StandardCharsets.UTF_8);
        }
    }

    /** The candidates against the exact probe under one analysis: a summary row pair and a detail table per probe. */
    private static void compare(String config, String analysis, Map<String, ProbeRecorder> recorders, List<Candidate> candidates,
                                long from, StringBuilder summary, StringBuilder detail, Map<String, Boolean> metByK1) {
        ProbeRecorder exact = recorders.get("exact");
        String label = config + ", " + analysis;
        detail.append(String.format(Locale.ROOT, "%n%s (K1: %s)%n%n", analysis,
                recorders.values().stream().map(r -> r.probe() + " " + r.k1()).collect(Collectors.joining(", "))));
        detail.append("| probe | layer | rolling mean Δ | worst Δ | worst z | outside | iteration mean Δ | mean |Δ| | worst Δ "
                + "| mean z | mean se |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Candidate candidate : candidates) {
            ProbeRecorder cheap = recorders.get(candidate.name());
            boolean met = true;
            Agreement worstLayerRolling = null;
            Agreement worstLayerIteration = null;
            String worstLayer = "";
            for (String layer : exact.layers()) {
                Agreement rolling = Agreement.of(cheap.series(AlphaPoint.Scope.ROLLING, layer),
                        exact.series(AlphaPoint.Scope.ROLLING, layer), from, 20);
                Agreement iteration = Agreement.of(cheap.series(AlphaPoint.Scope.ITERATION, layer),
                        exact.series(AlphaPoint.Scope.ITERATION, layer), from, 20);
                met &= rolling.everyPointWithin() && iteration.meanWithin();
                if (rolling.points() == 0) {
                    // The run's K1 needs 2·K1 usable values per sample; a one-row sample of a small layer has fewer.
                    detail.append(String.format(Locale.ROOT, "| %s | %s | no α: its samples have fewer than 2·K1 usable values "
                            + "| | | | | | | | |%n", candidate.name(), layer));
                } else {
                    detail.append(String.format(Locale.ROOT, "| %s | %s | %+.3f | %+.3f | %+.1f | %d/%d | %+.3f | %.3f | %+.3f | %+.2f | %.3f |%n",
                            candidate.name(), layer, rolling.meanDelta(), rolling.worstDelta(), rolling.worstZ(), rolling.outside(),
                            rolling.points(), iteration.meanDelta(), iteration.meanAbsDelta(), iteration.worstDelta(),
                            iteration.meanZ(), iteration.meanSe()));
                }
                if (layer.equals(AlphaPoint.NETWORK)) {
                    summary.append(row(label, candidate.name(), "network", rolling, iteration, ""));
                } else if (rolling.points() > 0 && (worstLayerRolling == null
                        || Math.abs(rolling.worstDelta()) > Math.abs(worstLayerRolling.worstDelta()))) {
                    worstLayerRolling = rolling;
                    worstLayerIteration = iteration;
                    worstLayer = layer;
                }
            }
            summary.append(row("", "", "worst layer (" + worstLayer + ")", worstLayerRolling, worstLayerIteration,
                    met ? "**yes**" : "no"));
            metByK1.merge(candidate.name() + ", " + analysis, met, Boolean::logicalAnd);
            if (!cheap.rejected().isEmpty()) {
                detail.append("\n").append(candidate.name()).append(" rejected: ").append(cheap.rejected()).append("\n");
            }
        }
        detail.append("\nα events (network-wide and per layer; drops, rises, phase changes):\n\n");
        for (ProbeRecorder recorder : recorders.values()) {
            detail.append("- ").append(recorder.probe()).append(": ").append(events(recorder.events())).append("\n");
        }
    }

    /** Network-wide rolling α (and the last layer values) of every probe every {@code step} iterations. */
    private static void trace(Map<String, ProbeRecorder> recorders, int k1, int iterations, int step, StringBuilder detail) {
        detail.append(String.format(Locale.ROOT, "%nnetwork-wide rolling α, K1 %s (latest point at or before the iteration)%n%n| iteration |",
                k1 == 0 ? "auto" : Integer.toString(k1)));
        recorders.keySet().forEach(name -> detail.append(' ').append(name).append(" |"));
        detail.append("\n|---:|").append("---:|".repeat(recorders.size())).append('\n');
        for (long at = step; at <= iterations; at += step) {
            detail.append("| ").append(at).append(" |");
            for (ProbeRecorder recorder : recorders.values()) {
                Map.Entry<Long, AlphaPoint> point = recorder.series(AlphaPoint.Scope.ROLLING, AlphaPoint.NETWORK).floorEntry(at);
                detail.append(point == null ? " — |" : String.format(Locale.ROOT, " %.3f |", point.getValue().alpha()));
            }
            detail.append('\n');
        }
        for (ProbeRecorder recorder : recorders.values()) {
            detail.append("- ").append(recorder.probe()).append(" at the end:");
            for (String layer : recorder.layers()) {
                Map.Entry<Long, AlphaPoint> last = recorder.series(AlphaPoint.Scope.ROLLING, layer).lastEntry();
                if (last != null) {
                    detail.append(String.format(Locale.ROOT, " %s %.3f", layer, last.getValue().alpha()));
                }
            }
            detail.append('\n');
        }
    }

    private static String row(String config, String probe, String series, Agreement rolling, Agreement iteration, String met) {
        return String.format(Locale.ROOT, "| %s | %s | %s | %+.3f | %+.3f (%d) | %+.1f | %d/%d | %+.3f | %.3f | %+.3f | %+.2f | %.3f | %s |%n",
                config, probe, series, rolling.meanDelta(), rolling.worstDelta(), rolling.worstAt(), rolling.worstZ(), rolling.outside(),
                rolling.points(), iteration.meanDelta(), iteration.meanAbsDelta(), iteration.worstDelta(), iteration.meanZ(),
                iteration.meanSe(), met);
    }

    /**
     * One training run watched by the exact probe and every candidate, each probe's samples analysed once per
     * K1 (0 = automatic); recorders by K1, then by probe name, exact first.
     */
    static Map<Integer, Map<String, ProbeRecorder>> run(Setting setting, int filters, int iterations, long seed, List<Candidate> candidates,
                                                        List<Integer> k1s, Dataset data) {
        TrainConfig config = new TrainConfig("agreement", new ModelSpec(setting.model(), 2, 128, filters, ModelSpec.Loss.XENT), "mnist",
                setting.lr(), 1, 1000, setting.batch(), iterations, ProbeMode.EXACT, 20, 8, 1000, 0, 0.99, 50, 0.2, seed);
        Trainer trainer = new Trainer(config, data);
        Map<Integer, Map<String, ProbeRecorder>> byK1 = new LinkedHashMap<>();
        List<ProbeRecorder> all = new ArrayList<>();
        List<TrainingProbe> probes = new ArrayList<>();
        List<Candidate> every = new ArrayList<>();
        every.add(Candidate.named("exact"));
        every.addAll(candidates);
        for (Candidate candidate : every) {
            List<NoiseSink> sinks = new ArrayList<>();
            for (int k1 : k1s) {
                AnalysisConfig analysis = new AnalysisConfig(AnalysisConfig.DEFAULT_WINDOW, k1, AnalysisConfig.defaults().lateLayerAllowance());
                ProbeRecorder recorder = new ProbeRecorder(candidate.name(), analysis);
                byK1.computeIfAbsent(k1, k -> new LinkedHashMap<>()).put(candidate.name(), recorder);
                sinks.add(recorder);
                all.add(recorder);
            }
            probes.add(candidate.build().apply(trainer, (iteration, layers) -> sinks.forEach(s -> s.noise(iteration, layers))));
        }
        trainer.run(new MetricsTap(all), probes, (it, loss, acc, step) -> { }, () -> false);
        return byK1;
    }

    private static String events(List<EventPoint> events) {
        List<EventPoint> alpha = events.stream().filter(e -> e.kind() == EventPoint.Kind.ALPHA_DROP
                || e.kind() == EventPoint.Kind.ALPHA_RISE || e.kind() == EventPoint.Kind.PHASE_CHANGE).toList();
        if (alpha.isEmpty()) {
            return "none";
        }
        Map<String, Long> counts = new TreeMap<>(alpha.stream().collect(Collectors.groupingBy(e -> e.kind().label(), Collectors.counting())));
        String network = alpha.stream().filter(e -> e.layer().equals(AlphaPoint.NETWORK))
                .map(e -> e.kind().label() + "@" + e.iteration()).collect(Collectors.joining(", "));
        return counts + "; network-wide: " + (network.isEmpty() ? "none" : network);
    }

    /** Hands the run's training metrics to every probe's analysis (loss and accuracy jump detectors). */
    private static final class MetricsTap extends RunPublisher {
        private final List<ProbeRecorder> recorders;

        MetricsTap(List<ProbeRecorder> recorders) {
            super(null, "agreement", ProbeMode.EXACT);
            this.recorders = recorders;
        }

        @Override
        public void runInfo(RunInfo info) {
        }

        @Override
        public void metrics(TrainingMetrics m) {
            recorders.forEach(r -> r.metrics(m.getIteration(), m.getLoss(), m.getTrainAccuracy(), m.getTestAccuracy()));
        }

        @Override
        public void noise(long iteration, List<ProbedNoise> layers) {
        }
    }

    private static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

}
