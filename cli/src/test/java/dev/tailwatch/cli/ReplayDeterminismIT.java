package dev.tailwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tailwatch.broker.SharedTestBroker;
import dev.tailwatch.schema.Topics;
import dev.tailwatch.schema.avro.AlphaEstimate;
import dev.tailwatch.schema.avro.EventType;
import dev.tailwatch.schema.avro.LayerStats;
import dev.tailwatch.schema.avro.TailEvent;
import dev.tailwatch.streams.analysis.AnalysisConfig;
import dev.tailwatch.streams.analysis.LayerStatsSettings;
import dev.tailwatch.streams.kafka.ProcessorSettings;
import dev.tailwatch.streams.kafka.TailwatchProcessors;
import dev.tailwatch.streams.replay.ReplayResult;
import dev.tailwatch.streams.replay.RunReplay;
import dev.tailwatch.streams.simulate.AlphaPath;
import dev.tailwatch.streams.simulate.SimulationPublisher;
import dev.tailwatch.streams.simulate.SyntheticRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replaying a recorded run with the live analysis parameters reproduces the live α records, layer
 * statistics and events exactly, record by record — from the broker's topics and from an export.
 */
class ReplayDeterminismIT {

    private static final int ITERATIONS = 400;
    private static final int LAYERS = 3;

    @TempDir
    Path temp;

    @Test
    void replayWithTheLiveParametersGivesTheLiveResults() throws Exception {
        String bootstrap = SharedTestBroker.bootstrapServers();
        String run = SharedTestBroker.uniqueName("replay-it");
        AnalysisConfig config = new AnalysisConfig(20, 0, 1).withLayerStats(new LayerStatsSettings(10, 500, 3));
        ProcessorSettings settings = new ProcessorSettings(bootstrap, "replay-it-" + run, Files.createTempDirectory(temp, "state"),
                config, ProcessorSettings.DEFAULT_MAX_RECORD_BYTES, Duration.ofMinutes(10), Duration.ofMinutes(10), 1);
        // An accuracy jump where the two-phase α path has bottomed out: every detector has something to say.
        SyntheticRun synthetic = new SyntheticRun(AlphaPath.twoPhase(ITERATIONS), LAYERS, 2000, 250, 5);
        int expectedAlpha = ITERATIONS * (LAYERS + 1) * 2;
        // Layer-stats windows of 10 iterations without a minimum of values per coordinate: one per layer and window.
        int expectedStats = LAYERS * (ITERATIONS / 10);
        List<AlphaEstimate> liveAlpha;
        try (TailwatchProcessors processors = TailwatchProcessors.start(settings, "127.0.0.1", 0, 3)) {
            assertTrue(processors.awaitRunning(Duration.ofSeconds(60)));
            try (KafkaProducer<String, byte[]> producer = KafkaClients.reliableProducer(KafkaTarget.plain(bootstrap))) {
                new SimulationPublisher(producer, run, synthetic).publish(ITERATIONS, 0, () -> false, (i, a, l, c) -> { });
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            do {
                Thread.sleep(500);
                liveAlpha = decode(Topics.ALPHA.name(), run, Topics.ALPHA.valueSerde()::decode);
            } while (liveAlpha.size() < expectedAlpha && System.nanoTime() < deadline);
            Thread.sleep(1_000);
        }
        liveAlpha = decode(Topics.ALPHA.name(), run, Topics.ALPHA.valueSerde()::decode);
        List<LayerStats> liveStats = decode(Topics.LAYER_STATS.name(), run, Topics.LAYER_STATS.valueSerde()::decode);
        List<TailEvent> liveEvents = sorted(decode(Topics.EVENTS.name(), run, Topics.EVENTS.valueSerde()::decode).stream()
                .filter(e -> e.getType() != EventType.RUN_STALLED).toList());
        assertEquals(expectedAlpha, liveAlpha.size());
        assertEquals(expectedStats, liveStats.size(), "live layer statistics");
        assertTrue(liveEvents.stream().anyMatch(e -> e.getType() == EventType.ALPHA_DROP), "live events: " + liveEvents);
        assertTrue(liveEvents.stream().anyMatch(e -> e.getType() == EventType.ACCURACY_JUMP), "live events: " + liveEvents);

        RunReplay replay = new RunReplay(config, ProcessorSettings.DEFAULT_MAX_RECORD_BYTES);
        RecordedRun fromBroker = RecordedRun.fromBroker(KafkaTarget.plain(bootstrap), run);
        assertSameResults(liveAlpha, liveStats, liveEvents, replay.replay(run, fromBroker.noise(), fromBroker.metrics(), 0, Long.MAX_VALUE));

        Path export = temp.resolve("export");
        CliRun exported = CliRun.of("export", "--bootstrap", bootstrap, "--run", run, "--out", export.toString());
        assertEquals(0, exported.exitCode(), exported.err());
        RecordedRun fromFile = RecordedRun.fromArchive(export, null);
        assertSameResults(liveAlpha, liveStats, liveEvents, replay.replay(run, fromFile.noise(), fromFile.metrics(), 0, Long.MAX_VALUE));

        Path report = temp.resolve("report");
        CliRun replayed = CliRun.of("replay", "--input", export.toString(), "--out", report.toString(), "--window", "20",
                "--layer-stats-window", "10", "--layer-stats-min-values", "0", "--reservoir", "500");
        assertEquals(0, replayed.exitCode(), replayed.err());
        for (String file : List.of("index.html", "alpha.csv", "events.csv", "layer-stats.csv", "metrics.csv",
                ReplayCharts.OVERVIEW, ReplayCharts.HEATMAP, ReplayCharts.ALPHA_I)) {
            assertTrue(Files.size(report.resolve(file)) > 100, file);
        }
        assertEquals(expectedAlpha + 1, Files.readAllLines(report.resolve("alpha.csv")).size(), "header + every α record");
    }

    private static void assertSameResults(List<AlphaEstimate> liveAlpha, List<LayerStats> liveStats, List<TailEvent> liveEvents,
                                          ReplayResult replayed) {
        // The live lists are checked non-empty and of their expected sizes above; equal sizes here make the
        // replayed lists so too.
        assertEquals(liveAlpha.size(), replayed.alpha().size());
        assertEquals(liveStats.size(), replayed.layerStats().size(), "layer statistics");
        for (int i = 0; i < liveAlpha.size(); i++) {
            assertEquals(liveAlpha.get(i), replayed.alpha().get(i), "α record " + i);
        }
        assertEquals(liveStats, replayed.layerStats(), "layer statistics");
        assertEquals(liveEvents, sorted(replayed.events()), "events");
    }

    private static List<TailEvent> sorted(List<TailEvent> events) {
        return events.stream().sorted(Comparator.comparingLong(TailEvent::getIteration)
                .thenComparing(e -> e.getType().name()).thenComparing(e -> e.getLayer().toString())).toList();
    }

    private static <T> List<T> decode(String topic, String run, java.util.function.Function<byte[], T> decoder) throws BadInputException {
        return RunRecords.read(KafkaTarget.plain(SharedTestBroker.bootstrapServers()), topic, run).stream().map(r -> decoder.apply(r.value())).toList();
    }
}
