package dev.tailwatch.bench.faults;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Runs one scenario from a fresh broker to its committed outputs: starts the processors, publishes the inputs
 * at their pace, strikes each fault when the processors have committed its share of the input, waits until
 * every input record is committed, and reads the outputs.
 */
final class ScenarioRunner {

    /**
     * How long the broker stays down: longer than the 10 s transaction timeout Kafka Streams sets under exactly-once,
     * so the transaction open at the stop has timed out when the coordinator comes back and may be aborted.
     */
    static final java.time.Duration BROKER_DOWN = java.time.Duration.ofSeconds(15);

    /** Every application id is the same: each scenario has a broker of its own. */
    static final String APPLICATION_ID = "tailwatch-fault-harness";

    /** Children still running, so that an interrupted harness does not leave processors behind. */
    private static final Set<ProcessorInstance> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(i -> {
            try {
                i.kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }), "fault-harness-children"));
    }

    /**
     * When a fault struck and what followed.
     *
     * @param backlog      input records published but not yet committed when it struck
     * @param resumeSeconds from the fault (for a restart: the replacement's start; for the broker: its return) to
     *                     the next committed input offset, NaN if nothing was left to process
     * @param longestPauseSeconds the longest time without committed progress from the fault to the end of the
     *                     input or the next fault
     */
    record FaultTiming(Scenario.Fault fault, long backlog, double resumeSeconds, double longestPauseSeconds, String note) {
    }

    /** What a scenario produced: its outputs by short topic name, whether all input was committed, its timings. */
    record Outcome(Map<String, List<SpecificRecord>> outputs, boolean completed, List<FaultTiming> faults,
                   double seconds, String problem) {
    }

    private final HarnessConfig config;
    private final List<InputRecord> inputs;
    private final int partitions;
    private final PrintStream log;

    ScenarioRunner(HarnessConfig config, List<InputRecord> inputs, int partitions, PrintStream log) {
        this.config = config;
        this.inputs = inputs;
        this.partitions = partitions;
        this.log = log;
    }

    Outcome run(Scenario scenario, Path dir) throws IOException, InterruptedException {
        long began = System.currentTimeMillis();
        Files.createDirectories(dir);
        List<ProcessorInstance> instances = new ArrayList<>();
        List<Long> faultTimes = new ArrayList<>();
        List<Long> committedAtFault = new ArrayList<>();
        List<Long> backlogs = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        String problem = null;
        RestartableBroker broker = RestartableBroker.start(dir.resolve("broker"), partitions);
        try (CommitProgress progress = new CommitProgress(broker.bootstrapServers(), APPLICATION_ID, inputEnds());
             PacedPublisher publisher = new PacedPublisher(broker.bootstrapServers(), inputs, config)) {
            for (int i = 0; i < scenario.initialInstances(); i++) {
                instances.add(startInstance(broker, dir, i));
            }
            long deadline = began + config.scenarioTimeoutSeconds() * 1000L;
            // Publishing starts once every instance holds partitions: a JVM that is slow to start must not find the
            // work done (or, of two, all of it taken by the other).
            if (!awaitMembersWithPartitions(progress, instances.size(), deadline)) {
                problem = "the processors never all held partitions";
            }
            publisher.start();
            for (Scenario.Fault fault : problem != null ? List.<Scenario.Fault>of() : scenario.faults()) {
                if (!progress.awaitFraction(fault.atProgress(), fault.minLag(), publisher::published, deadline)) {
                    problem = "the processors did not reach " + fault.describe() + " in time";
                    break;
                }
                if (fault.kind() == Scenario.Kind.LEAVE
                        && !awaitMembersWithPartitions(progress, instances.size(), deadline)) {
                    problem = "the instances never all held partitions, so none could leave with work";
                    break;
                }
                if (fault.kind() == Scenario.Kind.JOIN) {
                    publisher.hold();
                }
                backlogs.add(publisher.published() - progress.committed());
                long struck = strike(fault, instances, broker, dir);
                faultTimes.add(struck);
                committedAtFault.add(progress.readNow());
                String note = "";
                if (fault.kind() == Scenario.Kind.JOIN) {
                    // A join that lands after the last input proves nothing: the new instance must get work.
                    // Publishing waits for it, so the join lands with most of the input still to come.
                    if (awaitMembersWithPartitions(progress, instances.size(), deadline)) {
                        note = String.format(java.util.Locale.ROOT, "joined instance held partitions after %.1f s",
                                (System.currentTimeMillis() - struck) / 1000.0);
                    } else {
                        problem = "the joined instance held no partitions before the input was processed";
                    }
                    publisher.release();
                }
                notes.add(note);
            }
            while (problem == null && !progress.complete() && System.currentTimeMillis() < deadline) {
                Thread.sleep(CommitProgress.POLL_MS);
            }
            boolean completed = progress.complete();
            if (problem == null && !completed) {
                problem = "only " + progress.committed() + " of " + progress.total() + " input records were committed within "
                        + config.scenarioTimeoutSeconds() + " s";
            }
            if (publisher.failure() != null) {
                problem = "publishing failed, so the inputs differ from the reference's: " + publisher.failure();
            }
            Map<String, List<SpecificRecord>> outputs = CommittedOutputs.read(broker.bootstrapServers(), Duration.ofSeconds(90));
            List<FaultTiming> timings = timings(scenario.faults(), faultTimes, committedAtFault, backlogs, notes, progress);
            if (problem != null) {
                instances.forEach(i -> tail(dir.resolve(i.name() + ".log")));
            }
            return new Outcome(outputs, completed, timings, (System.currentTimeMillis() - began) / 1000.0, problem);
        } finally {
            for (ProcessorInstance instance : instances) {
                instance.kill();
                LIVE.remove(instance);
            }
            broker.close();
        }
    }

    private ProcessorInstance startInstance(RestartableBroker broker, Path dir, int index) throws IOException {
        String name = "instance-" + index;
        ProcessorInstance instance = ProcessorInstance.start(name, broker.bootstrapServers(), APPLICATION_ID,
                dir.resolve(name + "-state"), partitions, dir.resolve(name + ".log"));
        LIVE.add(instance);
        return instance;
    }

    /** Strikes the fault; returns the moment from which the resume time counts. */
    private long strike(Scenario.Fault fault, List<ProcessorInstance> instances, RestartableBroker broker, Path dir)
            throws IOException, InterruptedException {
        switch (fault.kind()) {
            case KILL_RESTART, TERM_RESTART -> {
                ProcessorInstance old = instances.get(0);
                if (fault.kind() == Scenario.Kind.KILL_RESTART) {
                    old.kill();
                } else {
                    old.terminate();
                }
                LIVE.remove(old);
                ProcessorInstance replacement = startInstance(broker, dir, 0);
                instances.set(0, replacement);
                return replacement.startedMs();
            }
            case JOIN -> {
                ProcessorInstance joined = startInstance(broker, dir, instances.size());
                instances.add(joined);
                return joined.startedMs();
            }
            case LEAVE -> {
                ProcessorInstance leaving = instances.remove(instances.size() - 1);
                leaving.terminate();
                LIVE.remove(leaving);
                return System.currentTimeMillis();
            }
            case BROKER_RESTART -> {
                broker.restart(BROKER_DOWN);
                return System.currentTimeMillis();
            }
            default -> throw new IllegalStateException("unknown fault " + fault.kind());
        }
    }

    private static List<FaultTiming> timings(List<Scenario.Fault> faults, List<Long> times, List<Long> committedAtFault,
                                             List<Long> backlogs, List<String> notes, CommitProgress progress) {
        List<CommitProgress.Step> steps = progress.steps();
        List<FaultTiming> timings = new ArrayList<>();
        for (int f = 0; f < times.size(); f++) {
            long at = times.get(f);
            long until = f + 1 < times.size() ? times.get(f + 1) : Long.MAX_VALUE;
            long base = committedAtFault.get(f);
            double resume = Double.NaN;
            long previous = at;
            long longest = 0;
            for (CommitProgress.Step step : steps) {
                if (step.timeMs() > until) {
                    break;
                }
                if (step.timeMs() <= at || step.committed() <= base) {
                    continue;
                }
                if (Double.isNaN(resume)) {
                    resume = (step.timeMs() - at) / 1000.0;
                }
                longest = Math.max(longest, step.timeMs() - previous);
                previous = step.timeMs();
                if (step.committed() >= progress.total()) {
                    break;
                }
            }
            timings.add(new FaultTiming(faults.get(f), backlogs.get(f), resume, longest / 1000.0, notes.get(f)));
        }
        return timings;
    }

    /** Waits until {@code members} instances hold partitions; false if the input ran out or time did first. */
    private static boolean awaitMembersWithPartitions(CommitProgress progress, int members, long deadline)
            throws InterruptedException {
        while (!progress.complete() && System.currentTimeMillis() < deadline) {
            if (progress.membersWithPartitions() >= members) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    private Map<TopicPartition, Long> inputEnds() {
        Map<TopicPartition, Long> ends = new HashMap<>();
        for (InputRecord r : inputs) {
            ends.merge(new TopicPartition(r.topic(), r.partition()), 1L, Long::sum);
        }
        return ends;
    }

    private void tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            log.println("    last lines of " + file + ":");
            lines.subList(Math.max(0, lines.size() - 8), lines.size()).forEach(l -> log.println("      " + l));
        } catch (IOException e) {
            log.println("    (no log at " + file + ")");
        }
    }
}
