package dev.tailwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tailwatch.broker.SharedTestBroker;
import dev.tailwatch.schema.Topics;
import dev.tailwatch.schema.avro.EventType;
import dev.tailwatch.schema.avro.TailEvent;
import dev.tailwatch.streams.analysis.AnalysisConfig;
import dev.tailwatch.streams.kafka.ProcessorSettings;
import dev.tailwatch.streams.kafka.TailwatchProcessors;
import dev.tailwatch.streams.simulate.AlphaPath;
import dev.tailwatch.streams.simulate.SimulationPublisher;
import dev.tailwatch.streams.simulate.SyntheticRun;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * {@code tailwatch ui} in a real browser (Debian's chromium, headless) during a simulated run on the embedded
 * broker, with the real processors: the run appears in the list, the α chart has points for every layer, an α
 * drop shows up as a marker and in the event list within seconds of reaching the events topic, the page keeps
 * updating without a reload, a second run can be overlaid, and the CSV links give replay's files.
 */
class UiBrowserIT {

    private static final int LAYERS = 3;
    /** The α path's length (it falls over the first 30 %), and how long the run may go on: the test stops it when done. */
    private static final long PATH_ITERATIONS = 4000;
    private static final long ITERATIONS = 12_000;
    private static final double RATE = 120;
    /** How much later than the events topic the page may show an event. */
    private static final Duration EVENT_LATENCY_LIMIT = Duration.ofSeconds(5);

    @TempDir
    Path temp;

    @Test
    void thePageShowsARunLiveWithItsEvents() throws Exception {
        String bootstrap = SharedTestBroker.bootstrapServers();
        String earlier = SharedTestBroker.uniqueName("ui-earlier");
        String run = SharedTestBroker.uniqueName("ui-it");
        ProcessorSettings settings = new ProcessorSettings(bootstrap, "ui-it-" + run, Files.createTempDirectory(temp, "state"),
                AnalysisConfig.defaults(), ProcessorSettings.DEFAULT_MAX_RECORD_BYTES, Duration.ofMinutes(10), Duration.ofMinutes(10), 1);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong firstDropOnTopicNanos = new AtomicLong();
        try (TailwatchProcessors processors = TailwatchProcessors.start(settings, "127.0.0.1", 0, 1);
             KafkaProducer<String, byte[]> producer = KafkaClients.reliableProducer(KafkaTarget.plain(bootstrap));
             UiLauncher ui = UiLauncher.start(KafkaTarget.plain(bootstrap), "127.0.0.1", "--bind", 0, "--port")) {
            assertTrue(processors.awaitRunning(Duration.ofSeconds(60)));
            // A short finished run first: the one to overlay. The live run starts later, so the page shows it first.
            new SimulationPublisher(producer, earlier, new SyntheticRun(AlphaPath.constant(1.6), LAYERS, 2000, -1, 3))
                    .publish(300, 0, () -> false, (i, a, l, c) -> { });
            Thread watcher = watchForFirstDrop(bootstrap, run, firstDropOnTopicNanos, stop);
            AtomicLong firstDropOnServerNanos = new AtomicLong();
            Thread serverWatcher = watchServerForFirstDrop(ui.url(), run, firstDropOnServerNanos, stop);
            ChromeDriver browser = HeadlessChrome.start(1400, 1500);
            Thread publisher = null;
            try {
                browser.get(ui.url());
                watchPageForFirstDrop(browser, run);
                publisher = new Thread(() -> publish(producer, run, stop), "ui-it-publisher");
                publisher.start();

                // The run appears in the list, and is the one shown (the newest).
                await("the run in the run list", Duration.ofSeconds(60),
                        () -> !browser.findElements(By.cssSelector("#runs tr[data-run='" + run + "']")).isEmpty());
                await("the run's α chart", Duration.ofSeconds(60), () -> browser.findElement(By.id("run-title")).getText().contains(run));

                // Points for every layer and the network, rolling and per iteration.
                await("α points for every layer", Duration.ofSeconds(60), () -> {
                    Map<String, Long> counts = seriesPointCounts(browser, "alpha-chart");
                    for (String layer : List.of("network", "layer0", "layer1", "layer2")) {
                        if (counts.getOrDefault(layer + " rolling", 0L) == 0 || counts.getOrDefault(layer + " per iteration", 0L) == 0) {
                            return false;
                        }
                    }
                    return true;
                });

                // The two-phase path's α drop: a marker on the α chart and a row of the event list, seconds after the topic had it.
                await("an α drop marker and event row", Duration.ofSeconds(90),
                        () -> markers(browser, "alpha_drop") > 0 && !browser.findElements(By.cssSelector("#events tr[data-type='alpha_drop']")).isEmpty());
                long shownNanos = whenThePageFirstShowedTheDrop(browser);
                assertTrue(firstDropOnTopicNanos.get() != 0, "the watcher saw the α drop on the events topic");
                Duration latency = Duration.ofNanos(shownNanos - firstDropOnTopicNanos.get());
                // Split in two so a slow case says where the time went: the feed (topic to server) or the page (server to chart).
                String split = firstDropOnServerNanos.get() == 0 ? "the server's answer never had it while polled"
                        : "the server had it at most " + Duration.ofNanos(firstDropOnServerNanos.get() - firstDropOnTopicNanos.get())
                        + " later (polled), the page " + Duration.ofNanos(shownNanos - firstDropOnServerNanos.get()) + " after that";
                assertTrue(latency.compareTo(EVENT_LATENCY_LIMIT) < 0, "the page showed the α drop " + latency + " after the topic had it; " + split);
                // The page cannot have drawn it long before the topic's committed read had it: that would be some other drop.
                assertTrue(latency.compareTo(Duration.ofSeconds(-1)) > 0, "the page's drop came " + latency + " before the topic's");
                String eventText = (String) browser.executeScript(
                        "return document.querySelector(\"#events tr[data-type='alpha_drop']\").textContent;");
                assertTrue(eventText.contains("α dropped from"), eventText);

                // It keeps updating without a reload: the iteration in the list and the chart's last point grow.
                long listed = listedIteration(browser, run);
                long charted = lastChartedIteration(browser);
                Thread.sleep(3000);
                assertTrue(listedIteration(browser, run) > listed, "the run list's iteration grows");
                assertTrue(lastChartedIteration(browser) > charted, "the α chart grows");
                assertEquals(1L, (Long) browser.executeScript("return window.performance.getEntriesByType('navigation').length"),
                        "one page load: the updates came without a reload");

                // A second run overlaid.
                new Select(browser.findElement(By.id("overlay"))).selectByValue(earlier);
                await("the overlaid run's α", Duration.ofSeconds(20),
                        () -> seriesPointCounts(browser, "alpha-chart").getOrDefault(earlier + " network rolling", 0L) > 0);

                Files.write(Path.of("target", "ui-browser-it.png"), browser.getScreenshotAs(OutputType.BYTES));

                // The CSV links: replay's files, every record.
                String csvUrl = browser.findElement(By.id("csv-events")).getAttribute("href");
                HttpResponse<String> csv = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(csvUrl)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, csv.statusCode());
                List<String> lines = csv.body().lines().toList();
                assertEquals(RunCsv.EVENTS.header(), lines.get(0));
                assertTrue(lines.stream().anyMatch(l -> l.contains(",alpha_drop,")), csv.body());
                String alphaCsv = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        browser.findElement(By.id("csv-alpha")).getAttribute("href"))).build(), HttpResponse.BodyHandlers.ofString()).body();
                assertEquals(RunCsv.ALPHA.header(), alphaCsv.lines().findFirst().orElseThrow());
                assertTrue(alphaCsv.lines().count() > 100, "every α record so far, not the downsampled series");
            } finally {
                stop.set(true);
                browser.quit();
                if (publisher != null) {
                    publisher.join(10_000);
                }
                watcher.join(10_000);
                serverWatcher.join(10_000);
            }
        }
    }

    private static void publish(KafkaProducer<String, byte[]> producer, String run, AtomicBoolean stop) {
        try {
            new SimulationPublisher(producer, run, new SyntheticRun(AlphaPath.twoPhase(PATH_ITERATIONS), LAYERS, 2000, -1, 7))
                    .publish(ITERATIONS, RATE, stop::get, (i, a, l, c) -> { });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Notes when the run's first α drop is readable on the events topic (committed), as the page's feed would read it. */
    private static Thread watchForFirstDrop(String bootstrap, String run, AtomicLong seenNanos, AtomicBoolean stop) {
        KafkaConsumer<String, byte[]> consumer = KafkaClients.committedReader(KafkaTarget.plain(bootstrap));
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.EVENTS.name(), Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        Thread t = new Thread(() -> {
            try (consumer) {
                while (!stop.get() && seenNanos.get() == 0) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                        TailEvent e = Topics.EVENTS.valueSerde().decode(r.value());
                        if (run.equals(r.key()) && e.getType() == EventType.ALPHA_DROP && seenNanos.get() == 0) {
                            seenNanos.set(System.nanoTime());
                        }
                    }
                }
            }
        }, "ui-it-event-watcher");
        t.start();
        return t;
    }

    /**
     * Notes, in the page's own clock, when a row for an α drop first enters the event list (the marker is drawn in
     * the same redraw). Measured in the page because the test looks at the page only now and then: it checks other
     * things first, and a check that runs later than the redraw must not count as the page being late.
     */
    private static void watchPageForFirstDrop(ChromeDriver browser, String run) {
        // Only while the live run is the one shown: the earlier run, shown first, must not count.
        browser.executeScript("window.firstDropShownAt = null; const run = arguments[0];"
                + "new MutationObserver((changes, observer) => {"
                + "  if (document.getElementById('run-title').textContent.includes(run)"
                + "      && document.querySelector(\"#events tr[data-type='alpha_drop']\")) {"
                + "    window.firstDropShownAt = performance.now(); observer.disconnect(); }"
                + "}).observe(document.getElementById('events'), { childList: true, subtree: true });", run);
    }

    /**
     * The page's time of the first drop row, in this JVM's nanoTime. The clocks are tied by reading the page's
     * clock and taking this JVM's clock after the answer came back, so the latency comes out slightly too long, never too short.
     */
    private static long whenThePageFirstShowedTheDrop(ChromeDriver browser) {
        @SuppressWarnings("unchecked")
        List<Number> times = (List<Number>) browser.executeScript("return [performance.now(), window.firstDropShownAt];");
        long after = System.nanoTime();
        assertTrue(times.get(1) != null, "the page's observer saw the α drop row appear");
        double agoMs = times.get(0).doubleValue() - times.get(1).doubleValue();
        return after - Math.round(agoMs * 1e6);
    }

    /** Notes when the page's server first answers the run's detail with an α drop in it. */
    private static Thread watchServerForFirstDrop(String url, String run, AtomicLong seenNanos, AtomicBoolean stop) {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "api/runs/" + run)).build();
        Thread t = new Thread(() -> {
            try {
                while (!stop.get() && seenNanos.get() == 0) {
                    try {
                        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                        if (answer.statusCode() == 200 && answer.body().contains("\"type\":\"alpha_drop\"")) {
                            seenNanos.set(System.nanoTime());
                            return;
                        }
                    } catch (IOException e) {
                        // Not serving yet or going away: the assertions say what matters.
                    }
                    // Not more often: the whole run's detail each time, on the cores the page and the feed need.
                    Thread.sleep(100);
                }
            } catch (InterruptedException e) {
                // The test is over.
            }
        }, "ui-it-server-watcher");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> seriesPointCounts(ChromeDriver browser, String chart) {
        Object counts = browser.executeScript("const c = echarts.getInstanceByDom(document.getElementById(arguments[0]));"
                + "if (!c) return {}; const out = {}; for (const s of c.getOption().series) out[s.name] = s.data.length; return out;", chart);
        return (Map<String, Long>) counts;
    }

    private static long markers(ChromeDriver browser, String type) {
        return (Long) browser.executeScript("const c = echarts.getInstanceByDom(document.getElementById('alpha-chart'));"
                + "if (!c) return 0; const s = c.getOption().series.find(s => s.name === 'events');"
                + "return s ? s.data.filter(d => d.type === arguments[0]).length : 0;", type);
    }

    /** Read in one script: the list is redrawn with every push, so an element found first may be gone when read. */
    private static long listedIteration(ChromeDriver browser, String run) {
        return Long.parseLong((String) browser.executeScript("return [...document.querySelectorAll('#runs tbody tr')]"
                + ".find(tr => tr.dataset.run === arguments[0]).querySelector('td.iteration').textContent;", run));
    }

    private static long lastChartedIteration(ChromeDriver browser) {
        return (Long) browser.executeScript("const c = echarts.getInstanceByDom(document.getElementById('alpha-chart'));"
                + "const s = c.getOption().series.find(s => s.name === 'network rolling'); return s.data[s.data.length - 1][0];");
    }

    private static void await(String what, Duration limit, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.get()) {
                    return;
                }
            } catch (RuntimeException e) {
                // The page is between renders (an element replaced, a chart not yet made): look again.
            }
            Thread.sleep(100);
        }
        throw new AssertionError(what + ": not on the page within " + limit.toSeconds() + " s");
    }
}
