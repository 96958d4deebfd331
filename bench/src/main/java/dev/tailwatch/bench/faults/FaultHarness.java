package dev.tailwatch.bench.faults;

import dev.tailwatch.schema.avro.TailEvent;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;

/**
 * The fault harness: one deterministic simulated run, published byte for byte the same into a fresh broker
 * for every scenario, processed by {@code tailwatch process} in child JVMs that are killed, stopped,
 * joined and left, or whose broker restarts; the committed alpha, events and layer-stats records of each
 * scenario are compared with those of an undisturbed reference run. Exactly-once processing of state that
 * lives where Kafka Streams restores it gives zero missing, duplicated, differing and extra records in every
 * scenario; the exit status is 0 only then.
 *
 * <p>Usage: {@code bench/fault-harness.sh [--quick] [--scenarios a,b] [--keep]}.
 */
public final class FaultHarness {

    /** A scenario's comparison per short topic name, and its timings. */
    record ScenarioReport(Scenario scenario, Map<String, RecordComparison.Counts> counts, ScenarioRunner.Outcome outcome) {
        boolean passed() {
            return outcome.problem() == null && counts.values().stream().allMatch(RecordComparison.Counts::clean);
        }
    }

    /** The reference's record counts per short topic name, its events per type, and every scenario's report. */
    record Report(Map<String, Integer> referenceCounts, Map<String, Integer> referenceEventTypes, List<ScenarioReport> scenarios) {
        boolean passed() {
            return scenarios.stream().allMatch(ScenarioReport::passed);
        }
    }

    static {
        // Broker and client warnings about restarts and fenced producers are what the faults cause on purpose; the
        // children's logs keep theirs. An explicit -D setting wins.
        for (String logger : new String[] {"kafka", "org.apache.kafka", "state.change.logger"}) {
            String key = "org.slf4j.simpleLogger.log." + logger;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "error");
            }
        }
    }

    private final HarnessConfig config;
    private final Path workDir;
    private final PrintStream out;

    FaultHarness(HarnessConfig config, Path workDir, PrintStream out) {
        this.config = config;
        this.workDir = workDir;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        boolean keep = false;
        String scenarios = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--keep" -> keep = true;
                case "--scenarios" -> {
                    if (i + 1 >= args.length) {
                        System.err.println("fault-harness: --scenarios needs a comma-separated list, e.g. --scenarios kill9-x3,join");
                        System.exit(2);
                    }
                    scenarios = args[++i];
                }
                case "--help", "-h" -> {
                    System.out.println("usage: bench/fault-harness.sh [--quick] [--scenarios NAME,...] [--keep]");
                    System.out.println("scenarios: " + String.join(", ", Scenario.ALL.stream().map(Scenario::name).toList()));
                    System.exit(0);
                }
                default -> {
                    System.err.println("fault-harness: unknown option '" + args[i] + "'; try --help");
                    System.exit(2);
                }
            }
        }
        HarnessConfig config = quick ? HarnessConfig.quick() : HarnessConfig.full();
        if (scenarios != null) {
            try {
                config = config.withScenarios(Scenario.byNames(scenarios));
            } catch (IllegalArgumentException e) {
                System.err.println("fault-harness: " + e.getMessage());
                System.exit(2);
            }
        }
        Path dir = Files.createTempDirectory("tailwatch-faults-");
        Report report = new FaultHarness(config, dir, System.out).run();
        if (keep) {
            System.out.println("logs and data kept in " + dir);
        } else {
            deleteRecursively(dir);
        }
        System.exit(report.passed() ? 0 : 1);
    }

    /** Runs the reference and every scenario, printing as it goes; the report says whether all were clean. */
    Report run() throws IOException, InterruptedException {
        int partitions = config.runs();
        // Whole seconds: the base instant is part of every record, and nothing else of the clock is. The run's last
        // iteration is stamped now, not in the future, which the broker would log a warning about for each segment.
        long baseMs = System.currentTimeMillis() / 1000 * 1000 - config.iterations() * SimulatedInputs.ITERATION_MS;
        List<InputRecord> inputs = SimulatedInputs.generate(config, partitions, baseMs);
        long bytes = inputs.stream().mapToLong(r -> r.value().length).sum();
        out.printf(Locale.ROOT, "fault harness: %d runs × %d layers × %d iterations, %d values per sample; %d input records "
                        + "(%.1f MB) on %d partitions, published over ~%.0f s with a burst at %.0f–%.0f %%%n",
                config.runs(), config.layers(), config.iterations(), config.valuesPerLayer(), inputs.size(), bytes / 1e6,
                partitions, config.pacedSeconds(), config.burstFrom() * 100, config.burstTo() * 100);
        ScenarioRunner runner = new ScenarioRunner(config, inputs, partitions, out);

        Scenario referenceScenario = new Scenario("reference", 1, List.of(), "one undisturbed instance");
        ScenarioRunner.Outcome reference = runner.run(referenceScenario, workDir.resolve("reference"));
        if (reference.problem() != null) {
            throw new IllegalStateException("the reference run failed: " + reference.problem());
        }
        Map<String, Integer> referenceCounts = new LinkedHashMap<>();
        reference.outputs().forEach((topic, records) -> referenceCounts.put(topic, records.size()));
        Map<String, Integer> eventTypes = new TreeMap<>();
        reference.outputs().get("events").forEach(r -> eventTypes.merge(((TailEvent) r).getType().toString(), 1, Integer::sum));
        out.printf(Locale.ROOT, "reference (%.0f s): alpha %d (expected %d), events %d %s, layer-stats %d (expected %d)%n",
                reference.seconds(), referenceCounts.get("alpha"), config.expectedAlphaRecords(), referenceCounts.get("events"),
                eventTypes, referenceCounts.get("layer-stats"), config.expectedLayerStatsRecords());

        List<ScenarioReport> reports = new ArrayList<>();
        for (Scenario scenario : config.scenarios()) {
            out.println();
            out.println(scenario.name() + ": " + scenario.description());
            ScenarioRunner.Outcome outcome;
            try {
                outcome = runner.run(scenario, workDir.resolve(scenario.name()));
            } catch (RuntimeException | IOException e) {
                out.println("  FAILED to run: " + e);
                outcome = new ScenarioRunner.Outcome(Map.of(), false, List.of(), 0, "could not run: " + e);
            }
            ScenarioReport report = new ScenarioReport(scenario, compare(reference.outputs(), outcome.outputs()), outcome);
            print(report);
            reports.add(report);
        }
        Report report = new Report(referenceCounts, eventTypes, reports);
        printSummary(report);
        return report;
    }

    private static Map<String, RecordComparison.Counts> compare(Map<String, List<SpecificRecord>> reference,
                                                                Map<String, List<SpecificRecord>> observed) {
        Map<String, RecordComparison.Counts> counts = new LinkedHashMap<>();
        for (CommittedOutputs.Compared<?> topic : CommittedOutputs.TOPICS) {
            String name = topic.spec().shortName();
            counts.put(name, RecordComparison.compare(topic, reference.get(name), observed.getOrDefault(name, List.of())));
        }
        return counts;
    }

    private void print(ScenarioReport report) {
        ScenarioRunner.Outcome o = report.outcome();
        for (ScenarioRunner.FaultTiming t : o.faults()) {
            out.printf(Locale.ROOT, "  %-44s backlog %6d records   resume %s   longest pause %5.1f s%s%n",
                    t.fault().describe(), t.backlog(), Double.isNaN(t.resumeSeconds()) ? "   -  " : String.format(Locale.ROOT, "%5.1f s", t.resumeSeconds()),
                    t.longestPauseSeconds(), t.note().isEmpty() ? "" : "   (" + t.note() + ")");
        }
        out.printf(Locale.ROOT, "  %-12s %9s %9s %8s %10s %9s %6s%n", "topic", "reference", "observed", "missing", "duplicated",
                "differing", "extra");
        report.counts().forEach((topic, c) -> out.printf(Locale.ROOT, "  %-12s %9d %9d %8d %10d %9d %6d%n", topic, c.reference(),
                c.observed(), c.missing(), c.duplicated(), c.differing(), c.extra()));
        out.printf(Locale.ROOT, "  %s in %.0f s%s%n", report.passed() ? "PASS" : "FAIL", o.seconds(),
                o.problem() == null ? "" : ": " + o.problem());
    }

    private void printSummary(Report report) {
        out.println();
        out.println("summary (missing/duplicated/differing/extra per topic; resume = seconds to the next committed input after the fault):");
        out.printf(Locale.ROOT, "  %-16s %-16s %-16s %-16s %-14s %s%n", "scenario", "alpha", "events", "layer-stats", "resume s", "result");
        for (ScenarioReport r : report.scenarios()) {
            List<String> cells = new ArrayList<>();
            for (String topic : List.of("alpha", "events", "layer-stats")) {
                RecordComparison.Counts c = r.counts().get(topic);
                cells.add(c.missing() + "/" + c.duplicated() + "/" + c.differing() + "/" + c.extra());
            }
            String resume = String.join(",", r.outcome().faults().stream().map(t -> Double.isNaN(t.resumeSeconds()) ? "-"
                    : String.format(Locale.ROOT, "%.1f", t.resumeSeconds())).toList());
            out.printf(Locale.ROOT, "  %-16s %-16s %-16s %-16s %-14s %s%n", r.scenario().name(), cells.get(0), cells.get(1),
                    cells.get(2), resume.isEmpty() ? "-" : resume, r.passed() ? "PASS" : "FAIL");
        }
        out.println(report.passed() ? "all scenarios equal the reference" : "some scenarios differ from the reference");
    }

    static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
