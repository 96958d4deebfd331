package dev.tailwatch.bench.ui;

import dev.tailwatch.bench.common.BenchBroker;
import dev.tailwatch.cli.ui.CsvSource;
import dev.tailwatch.cli.ui.RunBoard;
import dev.tailwatch.cli.ui.TopicFeed;
import dev.tailwatch.cli.ui.UiServer;
import dev.tailwatch.schema.Topics;
import dev.tailwatch.schema.avro.AlphaEstimate;
import dev.tailwatch.schema.avro.AlphaScope;
import dev.tailwatch.schema.avro.EventType;
import dev.tailwatch.schema.avro.LayerStats;
import dev.tailwatch.schema.avro.TailEvent;
import dev.tailwatch.schema.avro.TrainingMetrics;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * What the live page costs with a long run and many runs: one run of N iterations (default 1,000,000) and R − 1
 * shorter runs (default 99 × 2,000 iterations) written to the output topics of a broker in a child JVM — α per
 * layer and network-wide, per iteration and rolling, metrics, layer statistics, events, as the processors write
 * them — then read by the page's server in this JVM. Measures: the server's catch-up time, its heap after a
 * full GC (against the heap before it started), the size and time of the long run's JSON and of the run list,
 * the page's load in headless chromium (navigation to the long run's charts drawn), and the update latency (a
 * new record produced → drawn on the open page).
 *
 * <p>Usage: bench/ui-load.sh [--iterations N] [--runs R] [--short-iterations S] [--layers L] [--updates U]
 */
public final class UiLoad {

    private static final String BIG = "ui-load-long";

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        long iterations = Long.parseLong(o.getOrDefault("--iterations", "1000000"));
        int runs = Integer.parseInt(o.getOrDefault("--runs", "100"));
        long shortIterations = Long.parseLong(o.getOrDefault("--short-iterations", "2000"));
        int layers = Integer.parseInt(o.getOrDefault("--layers", "3"));
        int updates = Integer.parseInt(o.getOrDefault("--updates", "10"));

        try (BenchBroker broker = BenchBroker.start("child", 3)) {
            long records = 0;
            long t0 = System.nanoTime();
            try (KafkaProducer<String, byte[]> producer = producer(broker.bootstrapServers())) {
                for (int r = 1; r < runs; r++) {
                    records += writeRun(producer, "ui-load-" + r, 0, shortIterations, layers);
                }
                // The long run last, so it is the newest and the page shows it first.
                records += writeRun(producer, BIG, 0, iterations, layers);
                producer.flush();
            }
            System.out.printf("wrote %,d records (%d runs: 1 × %,d and %d × %,d iterations, %d layers) in %.1f s%n", records, runs,
                    iterations, runs - 1, shortIterations, layers, (System.nanoTime() - t0) / 1e9);

            long heapBefore = usedHeapAfterGc();
            RunBoard board = new RunBoard();
            Properties kafka = new Properties();
            kafka.put("bootstrap.servers", broker.bootstrapServers());
            long feedStart = System.nanoTime();
            try (TopicFeed feed = new TopicFeed(kafka, board).start();
                 UiServer server = UiServer.start(InetAddress.getLoopbackAddress(), 0, board, noCsv(), feed::problem)) {
                while (!board.isCaughtUp()) {
                    Thread.sleep(50);
                }
                double catchUp = (System.nanoTime() - feedStart) / 1e9;
                long heapAfter = usedHeapAfterGc();
                System.out.printf("server caught up with %,d records in %.1f s (%,.0f records/s); %d runs on the board%n",
                        feed.records(), catchUp, feed.records() / catchUp, board.size());
                System.out.printf("server heap after a full GC: %.1f MiB before the feed, %.1f MiB with %d runs on the board%n",
                        heapBefore / 1048576.0, heapAfter / 1048576.0, board.size());

                HttpClient http = HttpClient.newHttpClient();
                timeGet(http, server.url() + "api/runs/" + BIG, "the long run's series (/api/runs/" + BIG + ")");
                timeGet(http, server.url() + "api/runs", "the run list (/api/runs)");

                ChromeDriver browser = chrome();
                try (KafkaProducer<String, byte[]> producer = producer(broker.bootstrapServers())) {
                    long navigation = System.nanoTime();
                    browser.get(server.url());
                    Map<?, ?> first = awaitDraw(browser, BIG, iterations - 1);
                    System.out.printf("page load (navigation → the long run's charts drawn, %d runs listed): %.0f ms by the page's clock, "
                            + "%.0f ms from the driver%n", runs, ((Number) first.get("at")).doubleValue(),
                            (System.nanoTime() - navigation) / 1e6);
                    double[] latencies = new double[updates];
                    for (int u = 0; u < updates; u++) {
                        long next = iterations + u;
                        long sent = System.nanoTime();
                        writeIteration(producer, BIG, next, layers, new SplittableRandom(next));
                        producer.flush();
                        awaitDraw(browser, BIG, next);
                        latencies[u] = (System.nanoTime() - sent) / 1e6;
                        Thread.sleep(300);
                    }
                    Arrays.sort(latencies);
                    System.out.printf("update latency (record produced → drawn on the open page), %d updates: median %.0f ms, max %.0f ms%n",
                            updates, latencies[updates / 2], latencies[updates - 1]);
                } finally {
                    browser.quit();
                }
            }
            // What the board itself holds: the heap with it (the feed and server closed) against the heap without it.
            long withBoard = usedHeapAfterGc();
            int size = board.size();
            board = null;
            long withoutBoard = usedHeapAfterGc();
            System.out.printf("the board's own heap (%d runs): %.1f MiB (%.1f MiB with it, %.1f MiB without, after full GCs)%n", size,
                    (withBoard - withoutBoard) / 1048576.0, withBoard / 1048576.0, withoutBoard / 1048576.0);
        }
    }

    private static Map<?, ?> awaitDraw(ChromeDriver browser, String run, long iteration) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            Object drawn = browser.executeScript("return window.tailwatchLastDraw || null;");
            if (drawn instanceof Map<?, ?> m && run.equals(m.get("run")) && ((Number) m.get("iteration")).longValue() >= iteration) {
                return m;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("the page did not draw " + run + " at iteration " + iteration + " within 2 minutes");
    }

    private static void timeGet(HttpClient http, String url, String what) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).build();
        double[] ms = new double[21];
        long bytes = 0;
        for (int i = 0; i < ms.length; i++) {
            long t = System.nanoTime();
            bytes = http.send(request, HttpResponse.BodyHandlers.ofByteArray()).body().length;
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf("%s: %,d bytes, median %.1f ms, max %.1f ms over %d requests%n", what, bytes, ms[ms.length / 2], ms[ms.length - 1],
                ms.length);
    }

    /** One run's records, iteration by iteration, as the processors write them. */
    private static long writeRun(KafkaProducer<String, byte[]> producer, String run, long from, long to, int layers) {
        SplittableRandom random = new SplittableRandom(run.hashCode());
        long n = 0;
        for (long it = from; it < to; it++) {
            n += writeIteration(producer, run, it, layers, random);
        }
        return n;
    }

    private static long writeIteration(KafkaProducer<String, byte[]> producer, String run, long it, int layers, SplittableRandom random) {
        long now = System.currentTimeMillis();
        long n = 0;
        double level = 1.85 - 0.6 * Math.min(1.0, it / 300_000.0);
        for (int l = -1; l < layers; l++) {
            String layer = l < 0 ? "all" : "layer" + l;
            for (AlphaScope scope : AlphaScope.values()) {
                double alpha = level + (scope == AlphaScope.ITERATION ? 0.1 : 0.01) * random.nextGaussian();
                send(producer, Topics.ALPHA.name(), run, Topics.ALPHA.valueSerde().encode(AlphaEstimate.newBuilder().setRunId(run)
                        .setIteration(it).setLayer(layer).setScope(scope).setEstimator("mohammadi").setAlpha(alpha).setStderr(0.02)
                        .setK1(80).setK2(100).setUsed(8000).setDropped(0).setWindowIterations(scope == AlphaScope.ROLLING ? 50 : 1)
                        .setLayersMerged(l < 0 ? layers : 1).setTimestampMs(now).build()));
                n++;
            }
            if (l >= 0 && it % 20 == 19) {
                send(producer, Topics.LAYER_STATS.name(), run, Topics.LAYER_STATS.valueSerde().encode(LayerStats.newBuilder().setRunId(run)
                        .setIteration(it).setLayer(layer).setWindowIterations(20).setAlpha(level).setAlphaStderr(0.02)
                        .setMccullochAlpha(level).setHillAlpha(null).setKurtosis(12.0).setAlphaIP10(level + 0.1).setAlphaIP50(level + 0.4)
                        .setAlphaIP90(level + 0.7).setSasWinsFraction(0.3).setCoordinates(1000).setValuesUsed(160_000).setTimestampMs(now).build()));
                n++;
            }
        }
        send(producer, Topics.METRICS.name(), run, Topics.METRICS.valueSerde().encode(TrainingMetrics.newBuilder().setRunId(run)
                .setIteration(it).setEpoch((int) (it / 1000)).setTimestampMs(now).setLoss(2.3 * Math.exp(-it / 200_000.0) + 0.05 * random.nextDouble())
                .setTrainAccuracy(it % 100 == 0 ? 0.9 : null).setTestAccuracy(it % 1000 == 0 ? 0.88 : null).setLearningRate(0.1)
                .setBatchSize(64).setGradientNorm(1.0).setStepSeconds(0.004).build()));
        n++;
        if (it % 10_000 == 5_000) {
            send(producer, Topics.EVENTS.name(), run, Topics.EVENTS.valueSerde().encode(TailEvent.newBuilder().setRunId(run).setIteration(it)
                    .setLayer("all").setType(it % 20_000 == 5_000 ? EventType.ALPHA_DROP : EventType.PHASE_CHANGE).setBefore(level + 0.05)
                    .setAfter(level).setMagnitude(-0.05).setDetector("bench").setParameters(Map.of())
                    .setMessage("bench event at iteration " + it).setTimestampMs(now).build()));
            n++;
        }
        return n;
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, String run, byte[] value) {
        producer.send(new ProducerRecord<>(topic, run, value));
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L << 20);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static CsvSource noCsv() {
        return new CsvSource() {
            @Override
            public boolean knows(String fileName) {
                return false;
            }

            @Override
            public void write(String runId, String fileName, java.io.OutputStream out) {
            }
        };
    }

    private static ChromeDriver chrome() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(new File("/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1400");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i], args[i + 1]);
        }
        return o;
    }
}
