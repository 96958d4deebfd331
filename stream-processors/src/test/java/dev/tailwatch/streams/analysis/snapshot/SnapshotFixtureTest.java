package dev.tailwatch.streams.analysis.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.tailwatch.schema.SchemaHistory;
import dev.tailwatch.streams.analysis.AnalysisConfig;
import dev.tailwatch.streams.analysis.CollectingSink;
import dev.tailwatch.streams.analysis.LayerStatsSettings;
import dev.tailwatch.streams.analysis.RunAnalyzer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A snapshot written by format version 1, checked in as bytes: every later processor must restore it
 * (through schema resolution once the schema has moved on) and continue the run exactly. If the analysis
 * itself is changed on purpose so that its outputs change, regenerate the fixture with
 * {@code -Dtest=SnapshotFixtureTest -Dsnapshot.fixture.write=true} — but only while v1 is the current
 * version; afterwards the fixture must stay a v1 snapshot.
 */
class SnapshotFixtureTest {

    static final AnalysisConfig CONFIG = new AnalysisConfig(10, 0, 1).withLayerStats(new LayerStatsSettings(10, 100, 7, 0));
    private static final String RESOURCE = "snapshots/RunSnapshot-v1.bin";
    private static final int CUT = 130;

    private static List<SnapshotScenario.Input> inputs() {
        return SnapshotScenario.inputs(60, 2, 400);
    }

    @Test
    void aVersion1SnapshotDecodesAndContinuesExactly() throws Exception {
        byte[] bytes;
        try (InputStream in = SnapshotFixtureTest.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            assertNotNull(in, RESOURCE + " is missing");
            bytes = in.readAllBytes();
        }
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(SchemaNormalization.parsingFingerprint64(SchemaHistory.versions("RunSnapshot").get(0)), fingerprint,
                "the fixture is written with v1");

        RestoredRun restored = new RunSnapshotCodec(CONFIG).decode(bytes);
        assertEquals(new RunFlags(false, true, 1_700_000_000_000L), restored.flags());

        List<SnapshotScenario.Input> inputs = inputs();
        RunAnalyzer uninterrupted = new RunAnalyzer(SnapshotScenario.RUN, CONFIG);
        CollectingSink expected = new CollectingSink();
        for (int i = 0; i < CUT; i++) {
            inputs.get(i).feed(uninterrupted, expected);
        }
        int alphas = expected.alphas.size();
        int events = expected.events.size();
        int stats = expected.layerStats.size();
        CollectingSink resumed = new CollectingSink();
        for (int i = CUT; i < inputs.size(); i++) {
            inputs.get(i).feed(uninterrupted, expected);
            inputs.get(i).feed(restored.analyzer(), resumed);
        }
        assertFalse(resumed.alphas.isEmpty() || resumed.layerStats.isEmpty());
        assertEquals(expected.alphas.subList(alphas, expected.alphas.size()), resumed.alphas);
        assertEquals(expected.events.subList(events, expected.events.size()), resumed.events);
        assertEquals(expected.layerStats.subList(stats, expected.layerStats.size()), resumed.layerStats);
    }

    @Test
    void writeTheFixture() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("snapshot.fixture.write"), "only with -Dsnapshot.fixture.write=true");
        RunAnalyzer analyzer = new RunAnalyzer(SnapshotScenario.RUN, CONFIG);
        CollectingSink sink = new CollectingSink();
        List<SnapshotScenario.Input> inputs = inputs();
        for (int i = 0; i < CUT; i++) {
            inputs.get(i).feed(analyzer, sink);
        }
        byte[] bytes = new RunSnapshotCodec(CONFIG).encode(analyzer, new RunFlags(false, true, 1_700_000_000_000L));
        Path file = Path.of(System.getProperty("basedir", "."), "src/test/resources", RESOURCE);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        System.out.println("wrote " + bytes.length + " bytes to " + file);
    }
}
