package dev.tailwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tailwatch.schema.avro.AlphaEstimate;
import dev.tailwatch.schema.avro.AlphaScope;
import dev.tailwatch.schema.avro.LayerStats;
import dev.tailwatch.streams.analysis.AnalysisConfig;
import dev.tailwatch.streams.analysis.LayerStatsSettings;
import dev.tailwatch.streams.kafka.ProcessorSettings;
import dev.tailwatch.streams.replay.ReplayResult;
import dev.tailwatch.streams.replay.RunReplay;
import java.awt.Paint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYZDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's charts on a replayed simulated run: what a reader must be able to tell apart and see. */
class ReplayChartsTest {

    private static final List<String> LAYERS = List.of("layer0", "layer1");

    @TempDir
    Path dir;

    private ReplayResult replay(int iterations) throws Exception {
        Path export = dir.resolve("export-" + iterations);
        SimulatedExport.write(export, "charts", iterations);
        RecordedRun run = RecordedRun.fromArchive(export, null);
        AnalysisConfig config = new AnalysisConfig(20, 0, 1).withLayerStats(new LayerStatsSettings(10, 500, 3));
        return new RunReplay(config, ProcessorSettings.DEFAULT_MAX_RECORD_BYTES).replay(run.runId(), run.noise(), run.metrics(), 0, Long.MAX_VALUE);
    }

    @Test
    void overviewLinesHaveTheirOwnColoursAndTheAxisEndsAtTheLastIteration() throws Exception {
        ReplayResult result = replay(300);
        CombinedDomainXYPlot plot = (CombinedDomainXYPlot) ReplayCharts.overview(result, LAYERS).getXYPlot();
        List<Paint> paints = new ArrayList<>();
        for (Object sub : plot.getSubplots()) {
            XYPlot p = (XYPlot) sub;
            XYDataset data = p.getDataset();
            for (int i = 0; i < data.getSeriesCount(); i++) {
                if (data.getItemCount(i) > 0) {
                    paints.add(p.getRenderer().getSeriesPaint(i));
                }
            }
        }
        // network per iteration and rolling, two layers, loss, train and test accuracy
        assertEquals(7, paints.size(), paints.toString());
        assertEquals(paints.size(), new HashSet<>(paints).size(), "every line its own colour: " + paints);
        Set<Paint> events = new HashSet<>(ReplayCharts.EVENT_COLOURS.values());
        assertTrue(paints.stream().noneMatch(events::contains), "no line in an event marker's colour: " + paints);
        long last = result.alpha().stream().mapToLong(AlphaEstimate::getIteration).max().orElseThrow();
        assertEquals(299, last);
        assertEquals(last, plot.getDomainAxis().getUpperBound(), 1e-9, "the axis ends at the last iteration");
    }

    @Test
    void theHeatmapShowsTheRollingAlpha() throws Exception {
        ReplayResult result = replay(300);
        XYZDataset data = (XYZDataset) ReplayCharts.heatmap(result, LAYERS).getXYPlot().getDataset();
        List<Double> shown = new ArrayList<>();
        for (int i = 0; i < data.getItemCount(0); i++) {
            if (data.getYValue(0, i) == 0) {
                shown.add(data.getZValue(0, i));
            }
        }
        List<Double> rolling = result.alpha().stream()
                .filter(a -> a.getLayer().equals("layer0") && a.getScope() == AlphaScope.ROLLING && Double.isFinite(a.getAlpha()))
                .map(AlphaEstimate::getAlpha).toList();
        assertEquals(300, rolling.size());
        assertEquals(rolling, shown);
    }

    @Test
    void alphaIShowsASingleWindowAsAPointAndClipsNoBand() throws Exception {
        ReplayResult one = replay(12);
        JFreeChart single = ReplayCharts.alphaI(one, LAYERS);
        XYPlot plot = single.getXYPlot();
        assertEquals(1, plot.getDataset().getItemCount(0), "one closed window of 10 iterations");
        assertTrue(((DeviationRenderer) plot.getRenderer()).getDefaultShapesVisible(), "a lone window is drawn as a point");

        ReplayResult many = replay(300);
        XYPlot full = ReplayCharts.alphaI(many, LAYERS).getXYPlot();
        double low = many.layerStats().stream().mapToDouble(LayerStats::getAlphaIP10).min().orElseThrow();
        double high = many.layerStats().stream().mapToDouble(LayerStats::getAlphaIP90).max().orElseThrow();
        assertFalse(many.layerStats().isEmpty());
        assertTrue(full.getRangeAxis().getLowerBound() <= low && full.getRangeAxis().getUpperBound() >= high,
                "bands " + low + "–" + high + " inside the axis " + full.getRangeAxis().getRange());
        assertTrue(full.getRangeAxis().getUpperBound() >= 2.0, "α = 2 stays in view");
    }
}
