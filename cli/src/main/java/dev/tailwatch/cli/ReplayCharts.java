package dev.tailwatch.cli;

import dev.tailwatch.schema.avro.AlphaEstimate;
import dev.tailwatch.schema.avro.AlphaScope;
import dev.tailwatch.schema.avro.LayerStats;
import dev.tailwatch.schema.avro.TailEvent;
import dev.tailwatch.schema.avro.TrainingMetrics;
import dev.tailwatch.streams.replay.ReplayResult;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/** The replay report's PNG charts, drawn with JFreeChart. */
final class ReplayCharts {

    static final String OVERVIEW = "alpha-overview.png";
    static final String HEATMAP = "alpha-heatmap.png";
    static final String ALPHA_I = "alpha-i.png";

    static final Map<String, Color> EVENT_COLOURS = Map.of(
            "ALPHA_DROP", new Color(0xD62728), "ALPHA_RISE", new Color(0x2CA02C), "PHASE_CHANGE", new Color(0x9467BD),
            "LOSS_JUMP", new Color(0xFF7F0E), "ACCURACY_JUMP", new Color(0xFF7F0E), "JUMP_AT_ALPHA_MIN", new Color(0xB8860B));

    /** Layer colours, kept clear of the event-marker colours. */
    /** Loss and accuracies: none of them a layer's or an event's colour, so a legend entry names one line. */
    static final Color LOSS_COLOUR = new Color(0x333333);
    static final Color TRAIN_ACCURACY_COLOUR = new Color(0xB15928);
    static final Color TEST_ACCURACY_COLOUR = new Color(0x6A3D9A);
    static final Color[] LAYER_COLOURS = {new Color(0x1F77B4), new Color(0x17BECF), new Color(0x8C564B),
            new Color(0xBCBD22), new Color(0xE377C2), new Color(0x7F7F7F), new Color(0x393B79), new Color(0x637939)};

    private ReplayCharts() {
    }

    static void writeAll(ReplayResult result, List<String> layers, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        ChartUtils.saveChartAsPNG(dir.resolve(OVERVIEW).toFile(), overview(result, layers), 1400, 1000);
        ChartUtils.saveChartAsPNG(dir.resolve(HEATMAP).toFile(), heatmap(result, layers), 1400, 160 + 60 * layers.size());
        ChartUtils.saveChartAsPNG(dir.resolve(ALPHA_I).toFile(), alphaI(result, layers), 1400, 600);
    }

    /** α per layer and network-wide with events marked, loss and accuracy below on the same axis (the seed's Figure 7 view). */
    static JFreeChart overview(ReplayResult result, List<String> layers) {
        XYSeriesCollection alpha = new XYSeriesCollection();
        XYSeries networkIteration = new XYSeries("network α (per iteration)");
        XYSeries networkRolling = new XYSeries("network α (rolling)");
        Map<String, XYSeries> perLayer = new LinkedHashMap<>();
        for (String layer : layers) {
            perLayer.put(layer, new XYSeries(layer + " α (rolling)"));
        }
        for (AlphaEstimate a : result.alpha()) {
            String layer = a.getLayer().toString();
            boolean rolling = a.getScope() == AlphaScope.ROLLING;
            if (layer.equals("all")) {
                (rolling ? networkRolling : networkIteration).add(a.getIteration(), a.getAlpha());
            } else if (rolling && perLayer.containsKey(layer)) {
                perLayer.get(layer).add(a.getIteration(), a.getAlpha());
            }
        }
        alpha.addSeries(networkIteration);
        alpha.addSeries(networkRolling);
        perLayer.values().forEach(alpha::addSeries);
        XYLineAndShapeRenderer alphaLines = new XYLineAndShapeRenderer(true, false);
        alphaLines.setSeriesPaint(0, new Color(0, 0, 0, 60));
        alphaLines.setSeriesPaint(1, Color.BLACK);
        alphaLines.setSeriesStroke(1, new BasicStroke(2.5f));
        for (int i = 0; i < perLayer.size(); i++) {
            alphaLines.setSeriesPaint(2 + i, LAYER_COLOURS[i % LAYER_COLOURS.length]);
        }
        XYPlot alphaPlot = new XYPlot(alpha, null, autoRange("α"), alphaLines);
        for (TailEvent e : result.events()) {
            String type = e.getType().name();
            if (type.equals("RUN_STALLED")) {
                continue;
            }
            ValueMarker marker = new ValueMarker(e.getIteration(), EVENT_COLOURS.getOrDefault(type, Color.GRAY),
                    new BasicStroke(type.equals("JUMP_AT_ALPHA_MIN") ? 2f : 1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
                            10f, new float[] {4f, 3f}, 0f));
            alphaPlot.addDomainMarker(marker);
        }

        XYSeriesCollection loss = new XYSeriesCollection();
        XYSeries lossSeries = new XYSeries("loss");
        XYSeriesCollection accuracy = new XYSeriesCollection();
        XYSeries train = new XYSeries("train accuracy");
        XYSeries test = new XYSeries("test accuracy");
        for (TrainingMetrics m : result.metrics()) {
            lossSeries.add(m.getIteration(), m.getLoss());
            if (m.getTrainAccuracy() != null) {
                train.add(m.getIteration(), m.getTrainAccuracy());
            }
            if (m.getTestAccuracy() != null) {
                test.add(m.getIteration(), m.getTestAccuracy());
            }
        }
        loss.addSeries(lossSeries);
        accuracy.addSeries(train);
        accuracy.addSeries(test);
        XYLineAndShapeRenderer lossLine = new XYLineAndShapeRenderer(true, false);
        lossLine.setSeriesPaint(0, LOSS_COLOUR);
        XYLineAndShapeRenderer accuracyLines = new XYLineAndShapeRenderer(true, false);
        accuracyLines.setSeriesPaint(0, TRAIN_ACCURACY_COLOUR);
        accuracyLines.setSeriesPaint(1, TEST_ACCURACY_COLOUR);
        XYPlot lossPlot = new XYPlot(loss, null, autoRange("loss"), lossLine);
        XYPlot accuracyPlot = new XYPlot(accuracy, null, autoRange("accuracy"), accuracyLines);

        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(iterationAxis(result));
        combined.setGap(8);
        combined.add(alphaPlot, 3);
        combined.add(lossPlot, 1);
        combined.add(accuracyPlot, 1);
        JFreeChart chart = new JFreeChart("α over training, events marked (red drop, green rise, purple phase change, "
                + "orange metric jump, gold jump at α minimum)", new Font("SansSerif", Font.BOLD, 14), combined, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /**
     * Per-layer rolling α as colour over iterations: where in the network the tails get heavy, and when. Rolling,
     * not per iteration: one iteration's estimate scatters by its standard error (~0.05–0.2 per layer), which
     * painted stripes of noise over any trend.
     */
    static JFreeChart heatmap(ReplayResult result, List<String> layers) {
        List<double[]> cells = new ArrayList<>();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        long previous = -1;
        double spacing = 1;
        for (AlphaEstimate a : result.alpha()) {
            int row = layers.indexOf(a.getLayer().toString());
            if (row < 0 || a.getScope() != AlphaScope.ROLLING || !Double.isFinite(a.getAlpha())) {
                continue;
            }
            if (row == 0 && previous >= 0 && a.getIteration() > previous) {
                spacing = a.getIteration() - previous;
            }
            if (row == 0) {
                previous = a.getIteration();
            }
            cells.add(new double[] {a.getIteration(), row, a.getAlpha()});
            min = Math.min(min, a.getAlpha());
            max = Math.max(max, a.getAlpha());
        }
        double[][] xyz = new double[3][cells.size()];
        for (int i = 0; i < cells.size(); i++) {
            xyz[0][i] = cells.get(i)[0];
            xyz[1][i] = cells.get(i)[1];
            xyz[2][i] = cells.get(i)[2];
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("α", xyz);
        if (!(min < max)) {
            min = 0;
            max = 2;
        }
        LookupPaintScale scale = new LookupPaintScale(min, max + 1e-9, Color.LIGHT_GRAY);
        int steps = 64;
        for (int i = 0; i < steps; i++) {
            float t = i / (float) (steps - 1);
            // Dark red = heavy tails (low α), pale yellow = lighter tails.
            scale.add(min + (max - min) * i / steps, new Color(0.45f + 0.55f * t, 0.05f + 0.9f * t, 0.1f + 0.6f * t));
        }
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(scale);
        renderer.setBlockWidth(spacing);
        SymbolAxis layerAxis = new SymbolAxis("layer", layers.toArray(new String[0]));
        XYPlot plot = new XYPlot(data, new NumberAxis("iteration"), layerAxis, renderer);
        JFreeChart chart = new JFreeChart("rolling α per layer over iterations", new Font("SansSerif", Font.BOLD, 14), plot, false);
        PaintScaleLegend legend = new PaintScaleLegend(scale, new NumberAxis("α"));
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setMargin(4, 4, 40, 4);
        chart.addSubtitle(legend);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /** The spread of the per-parameter α_i of each layer per window: median with its 10–90 % band. */
    static JFreeChart alphaI(ReplayResult result, List<String> layers) {
        YIntervalSeriesCollection bands = new YIntervalSeriesCollection();
        Map<String, YIntervalSeries> byLayer = new LinkedHashMap<>();
        for (String layer : layers) {
            byLayer.put(layer, new YIntervalSeries(layer + " α_i (median, p10–p90)"));
        }
        for (LayerStats s : result.layerStats()) {
            YIntervalSeries series = byLayer.get(s.getLayer().toString());
            if (series != null && s.getAlphaIP50() != null && s.getAlphaIP10() != null && s.getAlphaIP90() != null) {
                series.add(s.getIteration(), s.getAlphaIP50(), s.getAlphaIP10(), s.getAlphaIP90());
            }
        }
        byLayer.values().forEach(bands::addSeries);
        // Shapes as well as lines: a layer with one closed window is a point, which a line alone never draws.
        DeviationRenderer renderer = new DeviationRenderer(true, true);
        // Light bands, so that overlapping layers stay apart instead of blending into one muddy area.
        renderer.setAlpha(0.12f);
        for (int i = 0; i < byLayer.size(); i++) {
            Color c = LAYER_COLOURS[i % LAYER_COLOURS.length];
            renderer.setSeriesPaint(i, c);
            renderer.setSeriesFillPaint(i, c);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        // From the bands' extent, so that none is clipped, and always showing α = 2 (Gaussian).
        double low = 0;
        double high = 2.2;
        for (YIntervalSeries series : byLayer.values()) {
            for (int i = 0; i < series.getItemCount(); i++) {
                low = Math.min(low, series.getYLowValue(i));
                high = Math.max(high, series.getYHighValue(i));
            }
        }
        NumberAxis range = new NumberAxis("α_i");
        range.setRange(low, high * 1.05);
        XYPlot plot = new XYPlot(bands, new NumberAxis("iteration"), range, renderer);
        plot.addRangeMarker(new ValueMarker(2.0, Color.DARK_GRAY, new BasicStroke(1f)));
        JFreeChart chart = new JFreeChart(String.format(Locale.ROOT, "Per-parameter tail indices α_i per layer: median and 10–90 %% band "
                + "over tracked coordinates per window (line at α = 2, Gaussian)"), new Font("SansSerif", Font.BOLD, 14), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /** The run's iterations and no further: an auto range would round up past the last iteration. */
    private static NumberAxis iterationAxis(ReplayResult result) {
        NumberAxis axis = new NumberAxis("iteration");
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (AlphaEstimate a : result.alpha()) {
            first = Math.min(first, a.getIteration());
            last = Math.max(last, a.getIteration());
        }
        for (TrainingMetrics m : result.metrics()) {
            first = Math.min(first, m.getIteration());
            last = Math.max(last, m.getIteration());
        }
        if (first < last) {
            axis.setRange(first, last);
        }
        return axis;
    }

    private static NumberAxis autoRange(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(false);
        return axis;
    }
}
