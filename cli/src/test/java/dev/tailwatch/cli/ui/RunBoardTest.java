package dev.tailwatch.cli.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailwatch.schema.avro.AlphaEstimate;
import dev.tailwatch.schema.avro.AlphaScope;
import dev.tailwatch.schema.avro.EventType;
import dev.tailwatch.schema.avro.TailEvent;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunBoardTest {

    private static AlphaEstimate alpha(String run, long it, String layer, AlphaScope scope, double a) {
        return AlphaEstimate.newBuilder().setRunId(run).setIteration(it).setLayer(layer).setScope(scope).setEstimator("mohammadi")
                .setAlpha(a).setStderr(0.01).setK1(10).setK2(10).setUsed(100).setDropped(0).setWindowIterations(1)
                .setLayersMerged(1).setTimestampMs(1000 + it).build();
    }

    private static TailEvent event(String run, long it, EventType type, long ts) {
        return TailEvent.newBuilder().setRunId(run).setIteration(it).setLayer("all").setType(type).setBefore(1.8).setAfter(1.6)
                .setMagnitude(-0.2).setDetector("cusum").setParameters(Map.of()).setMessage("<b>α dropped</b>").setTimestampMs(ts).build();
    }

    private static JsonNode json(RunBoard board, String run) throws Exception {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            if (run == null) {
                board.writeList(g);
            } else {
                board.get(run).writeDetail(g);
            }
        }
        return new ObjectMapper().readTree(w.toString());
    }

    @Test
    void aRunsSeriesSummaryAndEventsReachTheJson() throws Exception {
        RunBoard board = new RunBoard(100, 10, 10);
        for (int i = 0; i < 50; i++) {
            board.alpha("r1", alpha("r1", i, "all", AlphaScope.ROLLING, 1.9 - i * 0.01), 1000 + i);
            board.alpha("r1", alpha("r1", i, "dense0", AlphaScope.ITERATION, 1.8), 1000 + i);
        }
        board.event("r1", event("r1", 30, EventType.ALPHA_DROP, 1030), 1030);
        board.publish();
        JsonNode list = json(board, null);
        JsonNode summary = list.get("runs").get(0);
        assertEquals("r1", summary.get("id").asText());
        assertEquals(49, summary.get("iteration").asLong());
        assertEquals(1.9 - 49 * 0.01, summary.get("alpha").asDouble(), 1e-12);
        assertEquals(1, summary.get("events").asInt());
        assertFalse(summary.get("stalled").asBoolean());

        JsonNode detail = json(board, "r1");
        assertEquals(50, detail.get("alpha").get("rolling").get("all").size());
        assertEquals(50, detail.get("alpha").get("iteration").get("dense0").size());
        assertEquals("alpha_drop", detail.get("events").get(0).get("type").asText());
        assertEquals("<b>α dropped</b>", detail.get("events").get(0).get("message").asText(), "text is data; the page sets it as text");
    }

    @Test
    void aStallIsShownUntilTheRunSpeaksAgain() throws Exception {
        RunBoard board = new RunBoard(100, 10, 10);
        board.alpha("r", alpha("r", 1, "all", AlphaScope.ROLLING, 1.5), 1000);
        board.event("r", event("r", 1, EventType.RUN_STALLED, 5000), 5000);
        assertTrue(json(board, null).get("runs").get(0).get("stalled").asBoolean());
        board.alpha("r", alpha("r", 2, "all", AlphaScope.ROLLING, 1.5), 6000);
        assertFalse(json(board, null).get("runs").get(0).get("stalled").asBoolean());
    }

    @Test
    void eventsAndRunsAreBounded() throws Exception {
        RunBoard board = new RunBoard(100, 5, 3);
        for (int i = 0; i < 20; i++) {
            board.event("r", event("r", i, EventType.PHASE_CHANGE, 100 + i), 100 + i);
        }
        JsonNode detail = json(board, "r");
        assertEquals(5, detail.get("events").size(), "the newest 5 kept");
        assertEquals(19, detail.get("events").get(4).get("iteration").asLong());
        assertEquals(20, detail.get("run").get("events").asInt(), "all counted");
        for (int r = 0; r < 4; r++) {
            board.alpha("run" + r, alpha("run" + r, 1, "all", AlphaScope.ROLLING, 1.5), 10_000 + r);
        }
        assertEquals(3, board.size());
        assertNull(board.get("r"), "the least recently active run made room");
        assertNotNull(board.get("run3"));
    }

    @Test
    void aWaitingStreamWakesOnPublish() throws Exception {
        RunBoard board = new RunBoard();
        long v = board.awaitChange(-1, 10);
        board.alpha("r", alpha("r", 1, "all", AlphaScope.ROLLING, 1.5), 1);
        board.publish();
        assertTrue(board.awaitChange(v, 1000) > v);
        long before = System.nanoTime();
        assertEquals(board.awaitChange(v + 1, 100), v + 1, "nothing new: returns after the timeout");
        assertTrue(System.nanoTime() - before >= 90_000_000L);
    }
}
