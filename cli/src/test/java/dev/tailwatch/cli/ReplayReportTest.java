package dev.tailwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tailwatch.schema.avro.ProbeConfig;
import dev.tailwatch.schema.avro.ProbeMode;
import dev.tailwatch.schema.avro.RunInfo;
import dev.tailwatch.schema.avro.RunStatus;
import dev.tailwatch.streams.analysis.AnalysisConfig;
import dev.tailwatch.streams.replay.ReplayResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** index.html describes the run's own probe and explains the α_i against the pooled α. */
class ReplayReportTest {

    @TempDir
    Path dir;

    private static RunInfo info(ProbeConfig probe, String source) {
        return RunInfo.newBuilder().setRunId("r").setStatus(RunStatus.STARTED).setStartedAtMs(1).setEndedAtMs(2L)
                .setModel("fcn").setDataset("mnist").setLayers(List.of()).setProbe(probe).setHyperparameters(Map.of())
                .setSource(source).build();
    }

    /** A RunInfo as written before descriptions: only the settings. */
    private static ProbeConfig.Builder settings(ProbeMode mode, int every, int rows) {
        return ProbeConfig.newBuilder().setMode(mode).setEveryIterations(every).setProbeBatches(rows).setProbeBatchSize(32)
                .setCoordinatesPerLayer(500);
    }

    @Test
    void eachProbeIsDescribedWithItsOwnSettings() {
        assertEquals("window: every 10 iterations, the minibatch gradients (batch 32) of the last 4 training steps, noise = g_i - mean (an approximation: "
                + "reads α 0.03-0.07 below the exact probe network-wide, docs/ACCURACY.md); "
                + "500 tracked coordinates per layer", ReplayReport.probeDescription(info(settings(ProbeMode.WINDOW, 10, 4).build(), "train")));
        assertEquals("exact: every 10 iterations, at fixed weights, 4 fixed minibatches of 32, noise = g_i - mean (the paper's definition); "
                + "500 tracked coordinates per layer", ReplayReport.probeDescription(info(settings(ProbeMode.EXACT, 10, 4).build(), "train")));
        assertEquals("ema: every iteration, the step's gradient (batch 32) minus a moving average, decay 0.95 (an approximation: reads "
                + "α 0.1-0.3 below the exact probe, docs/ACCURACY.md); 500 tracked coordinates "
                + "per layer", ReplayReport.probeDescription(info(settings(ProbeMode.ONLINE, 1, 1).setEmaDecay(0.95).build(), "train")));
        assertTrue(ReplayReport.probeDescription(info(settings(ProbeMode.EXACT, 1, 3).build(), "simulate")).startsWith("simulated: "));
    }

    @Test
    void theReportShowsTheRunsProbeAndWhyAlphaIExceedsThePooledAlpha() throws Exception {
        RunInfo info = info(settings(ProbeMode.ONLINE, 1, 1).setEmaDecay(0.9).build(), "train");
        ReplayResult empty = new ReplayResult(List.of(), List.of(), List.of(), List.of(), Map.of());
        ReplayReport.write(dir, "r", info, empty, AnalysisConfig.defaults(), "test");
        String html = Files.readString(dir.resolve("index.html"));
        assertTrue(html.contains("ema: every iteration, the step&#39;s gradient (batch 32) minus a moving average, decay 0.9")
                || html.contains("ema: every iteration, the step's gradient (batch 32) minus a moving average, decay 0.9"), html);
        assertFalse(html.contains("8 minibatches of 64"), html);
        assertTrue(html.contains("scale mixture"), html);
        assertTrue(html.contains("Battash"), html);
    }
}
