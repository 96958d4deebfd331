package dev.tailwatch.bench.load;

import dev.tailwatch.bench.common.BenchBroker;
import dev.tailwatch.bench.common.BenchStats;
import dev.tailwatch.bench.common.ThreadCpu;
import dev.tailwatch.math.StableSampler;
import dev.tailwatch.schema.NoiseSamples;
import dev.tailwatch.schema.Topics;
import dev.tailwatch.schema.avro.NoiseKind;
import dev.tailwatch.schema.avro.ProbeMode;
import dev.tailwatch.streams.analysis.AnalysisConfig;
import dev.tailwatch.streams.kafka.ProcessorSettings;
import dev.tailwatch.streams.kafka.TailwatchProcessors;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Load harness of the stream processors on a real broker, everything co-located on this machine as a
 * small deployment would be: a KRaft broker (in this JVM, or with {@code --broker child} in its own), the
 * processors, and the load's producer and consumers. Three measurements, each printed with its baseline from the same run:
 * <ol>
 *   <li>throughput: values/s the processors consume from a pre-filled noise topic, against a plain
 *       KafkaConsumer reading the same records from the same broker;</li>
 *   <li>latency: publish → α record on the alpha topic (read_committed) and publish → gauge updated in
 *       the metrics registry, p50/p99 at a stated paced load;</li>
 *   <li>memory: retained heap of the processors' state with 100 concurrent runs × 50 layers.</li>
 * </ol>
 * Usage: {@code bench/load-harness.sh [--quick] [--verbose] [--only memory,throughput,latency] [--broker in-process|child]
 * [--iterations N] [--commit-intervals LIVE[/BACKLOG],...] [--stream-threads 1,2]
 * [--rounds WARMUP,COUNTED]}. With several commit intervals, each round
 * measures the processors at each of them beside one plain-consumer baseline, and the latency section runs once per
 * interval: the trade-off between a backlog's rate and α's latency, measured in one run. The throughput data set is a
 * backlog (records older than the processors' live age), so there the backlog interval is the one that counts;
 * {@code 100/100} commits every 100 ms whatever the input, as the processors did before they paced their commits.
 */
public final class LoadHarness {

    private final boolean quick;
    /** --verbose: after each processors round, the CPU each thread group used. */
    private final boolean verbose;
    /** --broker in-process (default) or child: the broker in its own JVM, so its threads and GC are not this process's. */
    private final String brokerWhere;
    /** --iterations N: iterations per run in the throughput data set (default 400, 100 with --quick); more gives longer, steadier rounds. */
    private final int throughputIterations;
    /** --commit-intervals LIVE[/BACKLOG],...: the processors' commit intervals to measure (default the processors' defaults alone). */
    private final List<CommitPacing> commitIntervals;
    /** --stream-threads 1,2: the stream-thread counts the throughput section measures (default both). */
    private final List<Integer> streamThreads;
    /** --rounds WARMUP,COUNTED: throughput rounds (default 3,5; 1,3 with --quick); null for the default. */
    private final int[] rounds;
    private String bootstrap;
    /**
     * Partitions per topic. Four, not the CLI's default three, so that two stream threads get two tasks
     * each: with three, one thread does two thirds of the work and the other waits.
     */
    private static final int PARTITIONS = 4;
    /** Seconds of the latency section's start that count as start-up, not steady state. */
    private static final double STARTUP_SECONDS = 2;

    private LoadHarness(boolean quick, boolean verbose, String brokerWhere, int throughputIterations, List<CommitPacing> commitIntervals,
                        List<Integer> streamThreads, int[] rounds) {
        this.streamThreads = streamThreads;
        this.rounds = rounds;
        this.quick = quick;
        this.verbose = verbose;
        this.brokerWhere = brokerWhere;
        this.throughputIterations = throughputIterations;
        this.commitIntervals = commitIntervals;
    }

    public static void main(String[] args) throws Exception {
        boolean quick = Arrays.asList(args).contains("--quick");
        String only = option(args, "--only");
        List<String> sections = only != null ? Arrays.asList(only.split(",")) : List.of("memory", "throughput", "latency");
        String where = option(args, "--broker");
        String broker = where != null ? where : "in-process";
        String iterationsOption = option(args, "--iterations");
        int iterations = iterationsOption != null ? Integer.parseInt(iterationsOption) : quick ? 100 : 400;
        if (iterations < 10) {
            throw new IllegalArgumentException("--iterations must be at least 10, was " + iterations);
        }
        String intervalsOption = option(args, "--commit-intervals");
        List<CommitPacing> intervals = intervalsOption != null
                ? Arrays.stream(intervalsOption.split(",")).map(CommitPacing::parse).toList()
                : List.of(CommitPacing.DEFAULT);
        String threadsOption = option(args, "--stream-threads");
        List<Integer> threads = threadsOption != null
                ? Arrays.stream(threadsOption.split(",")).map(t -> Integer.parseInt(t.trim())).toList()
                : List.of(1, 2);
        if (threads.stream().anyMatch(t -> t < 1)) {
            throw new IllegalArgumentException("--stream-threads takes positive counts, was " + threads);
        }
        String roundsOption = option(args, "--rounds");
        int[] rounds = roundsOption == null ? null : Arrays.stream(roundsOption.split(",")).mapToInt(r -> Integer.parseInt(r.trim())).toArray();
        if (rounds != null && (rounds.length != 2 || rounds[0] < 0 || rounds[1] < 1)) {
            throw new IllegalArgumentException("--rounds takes WARMUP,COUNTED (0 or more, 1 or more), was " + roundsOption);
        }
        new LoadHarness(quick, Arrays.asList(args).contains("--verbose"), broker, iterations, intervals, threads, rounds).runAll(sections);
    }

    /** The value after {@code name}, or null when the option (or its value) is absent. */
    private static String option(String[] args, String name) {
        int at = Arrays.asList(args).indexOf(name);
        return at >= 0 && at + 1 < args.length ? args[at + 1] : null;
    }

    private void runAll(List<String> sections) throws Exception {
        try (BenchBroker broker = BenchBroker.start(brokerWhere, PARTITIONS)) {
            bootstrap = broker.bootstrapServers();
            System.out.printf("broker %s (%s), %d partitions per topic, %d cores, max heap %d MiB, java %s%n", bootstrap,
                    broker.where(), PARTITIONS,
                    Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                    System.getProperty("java.version"));
            if (sections.contains("memory")) {
                memory();
            }
            if (sections.contains("throughput")) {
                for (int threads : streamThreads) {
                    throughput(threads);
                }
            }
            if (sections.contains("latency")) {
                for (CommitPacing interval : commitIntervals) {
                    latency(interval);
                }
            }
        }
    }

    // ---------------------------------------------------------------- throughput

    private void throughput(int threads) throws Exception {
        int runs = 2 * PARTITIONS;
        int layers = 4;
        int iterations = throughputIterations;
        int values = 5000;
        long records = (long) runs * layers * iterations;
        long totalValues = records * values;
        System.out.printf("%n== throughput, %d stream thread(s): %d runs × %d layers × %d iterations × %d values = %d records, %.1f M values%n",
                threads, runs, layers, iterations, values, records, totalValues / 1e6);
        String prefix = "tp-" + UUID.randomUUID().toString().substring(0, 6) + "-";
        List<String> runIds = runsSpreadEvenly(prefix, runs);
        // Both sides read the whole topic: without this, every section after the first would also read the records
        // of the sections before it (the memory section's 125,000 small records, the 1-thread section's data).
        emptyNoiseTopic();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            StableSampler sampler = new StableSampler(1.5, 1e-3, 1);
            float[] matrix = sampler.floats(values);
            for (int it = 0; it < iterations; it++) {
                for (int run = 0; run < runs; run++) {
                    for (int layer = 0; layer < layers; layer++) {
                        send(producer, runIds.get(run), it, layer, layers, 10, values / 10, matrix, System.currentTimeMillis());
                    }
                }
            }
            producer.flush();
        }
        // Rounds alternate, so neither side profits from a warmer page cache alone. The warm-up rounds are not
        // counted: in them the JIT compilers took up to 0.9 of the 2 cores while the processors ran (Kafka Streams,
        // the clients and the broker are a lot of code to compile), which is start-up cost, not throughput.
        int warmup = rounds != null ? rounds[0] : quick ? 1 : 3;
        int counted = rounds != null ? rounds[1] : quick ? 3 : 5;
        double[] baseline = new double[counted];
        double[][] processors = new double[commitIntervals.size()][counted];
        for (int round = -warmup; round < counted; round++) {
            double b = plainConsumerRate(prefix, totalValues, values);
            for (int c = 0; c < commitIntervals.size(); c++) {
                // The intervals' order rotates from round to round, so that none always runs right after the baseline.
                int k = Math.floorMod(c + round, commitIntervals.size());
                double p = processorsRate(prefix, runs, totalValues, threads, commitIntervals.get(k));
                System.out.printf("%s: plain KafkaConsumer %.1f M values/s, processors (%s) %.1f M values/s, ratio %.2f%n",
                        round < 0 ? "warm-up" : "round " + (round + 1), b / 1e6, commitIntervals.get(k).label(), p / 1e6, p / b);
                if (round >= 0) {
                    processors[k][round] = p;
                }
            }
            if (round >= 0) {
                baseline[round] = b;
            }
        }
        double b = BenchStats.median(baseline);
        for (int k = 0; k < commitIntervals.size(); k++) {
            double[] rates = processors[k];
            double p = BenchStats.median(rates);
            double[] ratios = new double[counted];
            Arrays.setAll(ratios, i -> rates[i] / baseline[i]);
            String commit = commitIntervals.get(k).label();
            System.out.printf("THROUGHPUT (%d thread(s), %s) median of per-round ratios: %.2f%n", threads, commit, BenchStats.median(ratios));
            System.out.printf("THROUGHPUT (%d thread(s), %s) median: plain consumer %.1f M values/s, processors %.1f M values/s -> ratio %.2f (target >= 0.70)%n",
                    threads, commit, b / 1e6, p / 1e6, p / b);
        }
        // Processors against processors, round by round: the same JVM, data and JIT state, and no plain-consumer rate in
        // the ratio, whose spread between rounds is larger than the differences between intervals.
        for (int k = 1; k < commitIntervals.size(); k++) {
            double[] paired = new double[counted];
            double[] rates = processors[k];
            Arrays.setAll(paired, i -> rates[i] / processors[0][i]);
            System.out.printf("THROUGHPUT (%d thread(s)) %s against %s, median of per-round rate ratios: %.3f (rounds %s)%n", threads,
                    commitIntervals.get(k).label(), commitIntervals.get(0).label(), BenchStats.median(paired),
                    Arrays.stream(paired).mapToObj(x -> String.format(Locale.ROOT, "%.2f", x)).toList());
        }
    }

    /** Values/s of a consumer that reads every record of the test runs and touches its bytes, nothing else. */
    private double plainConsumerRate(String prefix, long totalValues, int valuesPerRecord) {
        long target = totalValues / valuesPerRecord;
        try (KafkaConsumer<String, byte[]> consumer = consumer("read_uncommitted")) {
            consumer.subscribe(List.of(Topics.NOISE.name()));
            long seen = 0;
            long checksum = 0;
            long start = 0;
            ThreadCpu cpuAtStart = null;
            while (seen < target) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (start == 0) {
                        cpuAtStart = verbose ? ThreadCpu.now() : null;
                        start = System.nanoTime();
                    }
                    if (r.key() != null && r.key().startsWith(prefix)) {
                        seen++;
                        checksum += r.value().length;
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (checksum == 0) {
                throw new IllegalStateException("no bytes read");
            }
            if (verbose) {
                printBusyCores("plain consumer", ThreadCpu.now().since(cpuAtStart), seconds);
            }
            return seen * valuesPerRecord / seconds;
        }
    }

    /** Values/s of fresh processors (new application id) from their first consumed record to the last. */
    private double processorsRate(String prefix, int runs, long totalValues, int threads, CommitPacing commitInterval) throws Exception {
        try {
            return timeProcessors(prefix, runs, totalValues, threads, commitInterval);
        } finally {
            reportLeftoverStreamThreads();
        }
    }

    /** Stream threads still alive after their processors closed would take CPU from every later measurement. */
    private static void reportLeftoverStreamThreads() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().contains("StreamThread")) {
                System.out.println("  warning: stream thread still alive after close: " + t.getName() + " " + t.getState());
            }
        }
    }

    private double timeProcessors(String prefix, int runs, long totalValues, int threads, CommitPacing commitInterval) throws Exception {
        // Sampled from the start, not from RUNNING: with two threads a first thread works through the records
        // while the second joins, and RUNNING came after all of them were done.
        try (TailwatchProcessors processors = startProcessors(AnalysisConfig.defaults(), threads, false, commitInterval)) {
            ThreadCpu cpuAtStart = null;
            // Timed from the first sample that shows progress, counting only what was done after it.
            long start = 0;
            long doneAtStart = 0;
            long done = 0;
            long end = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            RunCounters counters = new RunCounters(processors, prefix, runs);
            while (done < totalValues && System.nanoTime() < deadline) {
                done = (long) counters.sum();
                end = System.nanoTime();
                if (done > 0 && start == 0) {
                    start = end;
                    cpuAtStart = verbose ? ThreadCpu.now() : null;
                    doneAtStart = done;
                }
                if (done >= totalValues) {
                    break;
                }
                // Not every millisecond: a registry search walks every meter (Kafka Streams binds hundreds), and
                // on 2 cores that walk took CPU from the stream threads being measured.
                Thread.sleep(10);
            }
            ThreadCpu cpuAtEnd = verbose ? ThreadCpu.now() : null;
            if (done != totalValues) {
                // More would mean records counted twice (a task re-processed after a rebalance); fewer, a timeout.
                System.out.printf("  warning: the processors counted %d values of %d%n", done, totalValues);
            }
            if (doneAtStart > totalValues / 10) {
                System.out.printf("  warning: %.0f %% of the values were done before the first sample%n", 100.0 * doneAtStart / totalValues);
            }
            double rate = (done - doneAtStart) / ((end - start) / 1e9);
            // Closing Kafka Streams while a thread is still joining its group left that thread spinning in the
            // coordinator lookup for good (Kafka 4.x client): let the group settle before closing.
            processors.awaitRunning(Duration.ofSeconds(60));
            if (verbose) {
                printBusyCores("processors", cpuAtEnd.since(cpuAtStart), (end - start) / 1e9);
                // So that a --commit-intervals comparison shows each interval took effect (whole life, start-up included).
                System.out.printf("  commits: %s%n", processors.metrics().registry().getMeters().stream()
                        .filter(m -> m.getId().getName().startsWith("kafka.stream.thread.commit"))
                        .map(LoadHarness::perThread).sorted().toList());
                // With two threads a task can move from the first thread to the second during the round, and the second
                // restores its runs from the changelog before it goes on: state the design before the store dropped.
                System.out.printf("  changelog records restored: %.0f%n", processors.metrics().registry().getMeters().stream()
                        .filter(m -> m.getId().getName().equals("tailwatch.state.restored.records"))
                        .mapToDouble(m -> m.measure().iterator().next().getValue()).sum());
            }
            return rate;
        }
    }

    /** "commit.total[thread id]=13.0": one stream thread's Kafka Streams meter. */
    private static String perThread(Meter m) {
        String thread = m.getId().getTags().stream().filter(t -> t.getKey().contains("thread")).map(Tag::getValue).findFirst().orElse("?");
        return m.getId().getName().substring("kafka.stream.thread.".length()) + "[" + thread + "]="
                + String.format(Locale.ROOT, "%.1f", m.measure().iterator().next().getValue());
    }

    /** Where the machine's two cores went while a side was timed: CPU seconds per wall second, by thread group. */
    private static void printBusyCores(String what, Map<String, Double> cpuSeconds, double wallSeconds) {
        StringBuilder line = new StringBuilder("  busy cores, " + what + ":");
        cpuSeconds.entrySet().stream()
                .filter(e -> !e.getKey().startsWith("(not in") && !e.getKey().startsWith("(gc"))
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(12)
                .forEach(e -> line.append(String.format(Locale.ROOT, " %s=%.2f", e.getKey(), e.getValue() / wallSeconds)));
        System.out.println(line);
    }

    /**
     * The test runs' noise-value counters, searched for until all are registered and then read directly: a
     * registry search walks every meter (Kafka Streams binds hundreds), and searching every 10 ms took a
     * fifth of a core from the processors being measured.
     */
    private static final class RunCounters {
        private final TailwatchProcessors processors;
        private final String prefix;
        private final int runs;
        private List<Counter> found = List.of();

        RunCounters(TailwatchProcessors processors, String prefix, int runs) {
            this.processors = processors;
            this.prefix = prefix;
            this.runs = runs;
        }

        double sum() {
            if (found.size() < runs) {
                found = processors.metrics().registry().find("tailwatch.noise.values").counters().stream()
                        .filter(c -> c.getId().getTag("run") != null && c.getId().getTag("run").startsWith(prefix))
                        .toList();
            }
            double sum = 0;
            for (Counter c : found) {
                sum += c.count();
            }
            return sum;
        }
    }

    // ---------------------------------------------------------------- latency

    private void latency(CommitPacing commitInterval) throws Exception {
        int layers = 4;
        int values = 5000;
        double iterationsPerSecond = 25;
        int iterations = quick ? 250 : 1500;
        System.out.printf("%n== latency: 1 run, %d layers × %d values per iteration, %.0f iterations/s (%.0f records/s, %.1f M values/s), %d iterations, %s%n",
                layers, values, iterationsPerSecond, iterationsPerSecond * layers, iterationsPerSecond * layers * values / 1e6, iterations,
                commitInterval.label());
        String run = "lat-" + UUID.randomUUID().toString().substring(0, 6);
        StableSampler sampler = new StableSampler(1.4, 1e-3, 2);
        float[] matrix = sampler.floats(values);
        long[] sentNanos = new long[iterations * layers];
        long[] gaugeNanos = new long[iterations * layers];
        long[] topicNanos = new long[iterations * layers];
        // Fresh processors start at the beginning of the noise topic: without this they first worked through the
        // throughput section's 64 M values, and that backlog (~1.9 s) was what looked like a start-up stall.
        emptyNoiseTopic();
        try (TailwatchProcessors processors = startProcessors(AnalysisConfig.defaults(), 1, true, commitInterval);
             KafkaProducer<String, byte[]> producer = producer();
             KafkaConsumer<String, byte[]> alphaReader = consumer("read_committed")) {
            alphaReader.subscribe(List.of(Topics.ALPHA.name()));
            alphaReader.poll(Duration.ofMillis(500));
            Thread gaugeWatcher = new Thread(() -> watchGauge(processors, run, gaugeNanos, values), "gauge-watcher");
            Thread topicWatcher = new Thread(() -> watchTopic(alphaReader, run, topicNanos, layers), "topic-watcher");
            gaugeWatcher.setDaemon(true);
            topicWatcher.setDaemon(true);
            gaugeWatcher.start();
            topicWatcher.start();
            long start = System.nanoTime();
            for (int it = 0; it < iterations; it++) {
                long due = start + (long) (it * 1e9 / iterationsPerSecond);
                while (System.nanoTime() < due) {
                    Thread.sleep(0, 200_000);
                }
                for (int layer = 0; layer < layers; layer++) {
                    sentNanos[it * layers + layer] = System.nanoTime();
                    send(producer, run, it, layer, layers, 10, values / 10, matrix, System.currentTimeMillis());
                }
                producer.flush();
            }
            gaugeWatcher.join(30_000);
            topicWatcher.join(30_000);
        }
        // The first seconds after RUNNING are start-up (the first transaction, metadata of the output topics, code the
        // JIT has not compiled yet in a latency-only run): percentiles are printed with them and without them.
        int startup = (int) (STARTUP_SECONDS * iterationsPerSecond * layers);
        String commit = ", " + commitInterval.label();
        report("publish -> alpha record on the topic (read_committed)" + commit, sentNanos, topicNanos, startup);
        report("publish -> gauge updated in the registry" + commit, sentNanos, gaugeNanos, startup);
    }

    private static void watchGauge(TailwatchProcessors processors, String run, long[] seen, int valuesPerRecord) {
        int next = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        // Found once, then read: searching the registry on every spin took CPU from the processors being timed.
        RunCounters counter = new RunCounters(processors, run, 1);
        while (next < seen.length && System.nanoTime() < deadline) {
            long processed = (long) (counter.sum() / valuesPerRecord);
            long now = System.nanoTime();
            while (next < processed && next < seen.length) {
                seen[next++] = now;
            }
            Thread.onSpinWait();
        }
    }

    private static void watchTopic(KafkaConsumer<String, byte[]> reader, String run, long[] seen, int layers) {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        int found = 0;
        while (found < seen.length && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> r : reader.poll(Duration.ofMillis(5))) {
                if (!run.equals(r.key())) {
                    continue;
                }
                var alpha = Topics.ALPHA.valueSerde().decode(r.value());
                if (alpha.getScope().name().equals("ITERATION") && alpha.getLayer().startsWith("layer")) {
                    int layer = Integer.parseInt(alpha.getLayer().substring(5));
                    int index = (int) alpha.getIteration() * layers + layer;
                    if (seen[index] == 0) {
                        seen[index] = System.nanoTime();
                        found++;
                    }
                }
            }
        }
    }

    private static void report(String what, long[] sent, long[] seen, int startup) {
        printPercentiles(what + ", all records", sent, seen, 0);
        printPercentiles(what + String.format(Locale.ROOT, ", after the first %.0f s", STARTUP_SECONDS), sent, seen, startup);
        printWhenSlow(sent, seen);
    }

    private static void printPercentiles(String what, long[] sent, long[] seen, int from) {
        int n = 0;
        double[] ms = new double[sent.length];
        int missing = 0;
        for (int i = from; i < sent.length; i++) {
            if (seen[i] == 0) {
                missing++;
                continue;
            }
            ms[n++] = (seen[i] - sent[i]) / 1e6;
        }
        double[] d = Arrays.copyOf(ms, n);
        Arrays.sort(d);
        System.out.printf("LATENCY %s: n=%d p50 %.1f ms, p99 %.1f ms, max %.1f ms%s (target p99 <= 250 ms)%n", what, n,
                percentile(d, 0.50), percentile(d, 0.99), d.length == 0 ? Double.NaN : d[d.length - 1],
                missing > 0 ? ", " + missing + " never seen" : "");
    }

    /** When in the section the slowest records were sent: a stall shows as neighbours, noise as scattered points. */
    private static void printWhenSlow(long[] sent, long[] seen) {
        Integer[] order = new Integer[sent.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Long.compare(latency(sent, seen, b), latency(sent, seen, a)));
        StringBuilder line = new StringBuilder("  slowest (sent at s after the first record: ms):");
        for (int i = 0; i < Math.min(5, order.length) && seen[order[i]] != 0; i++) {
            line.append(String.format(Locale.ROOT, " %.2f: %.0f", (sent[order[i]] - sent[0]) / 1e9,
                    latency(sent, seen, order[i]) / 1e6));
        }
        System.out.println(line);
    }

    private static long latency(long[] sent, long[] seen, int i) {
        return seen[i] == 0 ? -1 : seen[i] - sent[i];
    }

    // ---------------------------------------------------------------- memory

    private void memory() throws Exception {
        int runs = 100;
        int layers = 50;
        int iterations = 25;
        int rows = 10;
        int cols = 20;
        System.out.printf("%n== memory: %d runs × %d layers, %d iterations each (fills the α window's history and a layer-stats window), %d×%d values per record%n",
                runs, layers, iterations, rows, cols);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        String prefix = "mem-" + UUID.randomUUID().toString().substring(0, 6) + "-";
        try (TailwatchProcessors processors = startProcessors(AnalysisConfig.defaults(), 1)) {
            long before = retainedHeap(memory);
            try (KafkaProducer<String, byte[]> producer = producer()) {
                StableSampler sampler = new StableSampler(1.6, 1e-3, 3);
                float[] matrix = sampler.floats(rows * cols);
                for (int it = 0; it < iterations; it++) {
                    for (int run = 0; run < runs; run++) {
                        for (int layer = 0; layer < layers; layer++) {
                            send(producer, prefix + run, it, layer, layers, rows, cols, matrix, System.currentTimeMillis());
                        }
                    }
                }
                producer.flush();
            }
            double expected = (double) runs * layers * iterations * rows * cols;
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            RunCounters counters = new RunCounters(processors, prefix, runs);
            while (counters.sum() < expected && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            long after = retainedHeap(memory);
            System.out.printf("MEMORY retained heap for %d runs × %d layers: %.1f MiB (%.1f KiB per layer)%n", runs, layers,
                    (after - before) / 1048576.0, (after - before) / 1024.0 / (runs * layers));
        }
    }

    private static long retainedHeap(MemoryMXBean memory) throws InterruptedException {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(300);
            least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
        }
        return least;
    }

    // ---------------------------------------------------------------- plumbing

    /**
     * Run ids with the prefix, the same number on every partition (the producer's default partitioner places
     * a keyed record by murmur2 of its key): runs hashed at random left one partition, and so one task, with
     * half of the work in some invocations and none in others.
     */
    private static List<String> runsSpreadEvenly(String prefix, int runs) {
        int perPartition = runs / PARTITIONS;
        int[] placed = new int[PARTITIONS];
        List<String> ids = new java.util.ArrayList<>();
        for (int suffix = 0; ids.size() < runs; suffix++) {
            String id = prefix + suffix;
            int partition = Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
            if (placed[partition] < perPartition) {
                placed[partition]++;
                ids.add(id);
            }
        }
        return ids;
    }

    /** Deletes every record of the noise topic (up to each partition's end), so a section reads only its own data. */
    private void emptyNoiseTopic() throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            for (var partition : admin.describeTopics(List.of(Topics.NOISE.name())).allTopicNames().get()
                    .get(Topics.NOISE.name()).partitions()) {
                ends.put(new TopicPartition(Topics.NOISE.name(), partition.partition()), OffsetSpec.latest());
            }
            Map<TopicPartition, RecordsToDelete> deletions = new HashMap<>();
            admin.listOffsets(ends).all().get().forEach((tp, end) -> deletions.put(tp, RecordsToDelete.beforeOffset(end.offset())));
            admin.deleteRecords(deletions).all().get();
        }
    }

    private TailwatchProcessors startProcessors(AnalysisConfig config, int threads) throws Exception {
        return startProcessors(config, threads, true, CommitPacing.DEFAULT);
    }

    private TailwatchProcessors startProcessors(AnalysisConfig config, int threads, boolean awaitRunning, CommitPacing commitInterval)
            throws Exception {
        Path state = Files.createTempDirectory("tailwatch-load-state-");
        ProcessorSettings settings = new ProcessorSettings(bootstrap,
                "load-" + UUID.randomUUID().toString().substring(0, 8), state, config,
                ProcessorSettings.DEFAULT_MAX_RECORD_BYTES, Duration.ofHours(1), Duration.ofHours(1), threads)
                .withCommitIntervals(commitInterval.live(), commitInterval.backlog());
        TailwatchProcessors processors = TailwatchProcessors.start(settings, "127.0.0.1", 0, PARTITIONS);
        if (awaitRunning && !processors.awaitRunning(Duration.ofSeconds(60))) {
            processors.close();
            throw new IllegalStateException("processors did not start");
        }
        return processors;
    }

    private KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private KafkaConsumer<String, byte[]> consumer(String isolation) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "load-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, isolation.equals("read_committed") ? "latest" : "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static Future<RecordMetadata> send(KafkaProducer<String, byte[]> producer, String run, long iteration, int layer,
                                               int layers, int rows, int cols, float[] values, long timestampMs) {
        byte[] bytes = Topics.NOISE.valueSerde().encode(NoiseSamples.of(run, iteration, "layer" + layer, layer, layers,
                ProbeMode.EXACT, NoiseKind.TRACKED_COORDINATES, rows, cols, values, timestampMs));
        return producer.send(new ProducerRecord<>(Topics.NOISE.name(), run, bytes));
    }


    private static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
