package dev.tailwatch.bench.paper;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/** The report's PNG charts, drawn with JFreeChart: α along each sweep (the paper's Fig. 4 and 6) and α over iterations. */
final class PaperCharts {

    private static final Color[] COLOURS = {new Color(0x1F77B4), new Color(0xD62728), new Color(0x2CA02C), new Color(0x9467BD),
            new Color(0xFF7F0E), new Color(0x8C564B), new Color(0xE377C2), new Color(0x17BECF), new Color(0x7F7F7F),
            new Color(0xBCBD22)};

    private PaperCharts() {
    }

    static String sweepFile(Sweep sweep) {
        return "alpha-vs-" + sweep.name + ".png";
    }

    static String iterationsFile(Sweep sweep) {
        return "alpha-over-iterations-" + sweep.name + ".png";
    }

    static void write(Sweep sweep, List<RunResult> on, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        ChartUtils.saveChartAsPNG(dir.resolve(sweepFile(sweep)).toFile(), alongSweep(sweep, on), 900, 560);
        ChartUtils.saveChartAsPNG(dir.resolve(iterationsFile(sweep)).toFile(), overIterations(sweep, on), 1200, 560);
    }

    /** Network-wide tail-average α against the setting, ±2 standard errors, one series per seed. */
    static JFreeChart alongSweep(Sweep sweep, List<RunResult> on) {
        Map<Long, YIntervalSeries> bySeed = new TreeMap<>();
        for (RunResult r : on) {
            if (r.network() == null || r.network().points() == 0) {
                continue;
            }
            double se = Double.isNaN(r.network().stderr()) ? 0 : r.network().stderr();
            double x = sweep.setting.applyAsInt(r.run());
            bySeed.computeIfAbsent(r.run().seed(), s -> new YIntervalSeries("seed " + s))
                    .add(x, r.network().mean(), r.network().mean() - 2 * se, r.network().mean() + 2 * se);
        }
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        bySeed.values().forEach(data::addSeries);
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDefaultLinesVisible(true);
        renderer.setDefaultShapesVisible(true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, COLOURS[i % COLOURS.length]);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        NumberAxis alpha = new NumberAxis("network-wide α (mean of the last part of the run, ±2 s.e.)");
        alpha.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(data, settingAxis(sweep), alpha, renderer);
        return chart("α against " + sweep.axis, plot);
    }

    /** Network-wide rolling α over iterations, one line per run of the sweep. */
    static JFreeChart overIterations(Sweep sweep, List<RunResult> on) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (RunResult r : on) {
            XYSeries s = new XYSeries(String.format(Locale.ROOT, "%s %d, seed %d", sweep.name, sweep.setting.applyAsInt(r.run()),
                    r.run().seed()));
            r.networkRolling().points().forEach(s::add);
            data.addSeries(s);
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, COLOURS[i % COLOURS.length]);
            renderer.setSeriesStroke(i, new BasicStroke(1.6f));
        }
        NumberAxis alpha = new NumberAxis("network-wide α (rolling, as live)");
        alpha.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(data, new NumberAxis("iteration"), alpha, renderer);
        return chart("α over iterations along the " + sweep.name + " sweep", plot);
    }

    private static ValueAxis settingAxis(Sweep sweep) {
        if (sweep.logAxis) {
            LogAxis axis = new LogAxis(sweep.axis + " (log scale)");
            axis.setBase(2);
            axis.setTickUnit(new NumberTickUnit(1));
            axis.setNumberFormatOverride(new java.text.DecimalFormat("0"));
            axis.setSmallestValue(1);
            return axis;
        }
        NumberAxis axis = new NumberAxis(sweep.axis);
        axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        axis.setAutoRangeIncludesZero(false);
        return axis;
    }

    private static JFreeChart chart(String title, XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }
}
