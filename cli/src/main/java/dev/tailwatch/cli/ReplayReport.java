package dev.tailwatch.cli;

import dev.tailwatch.schema.avro.AlphaEstimate;
import dev.tailwatch.schema.avro.LayerInfo;
import dev.tailwatch.schema.avro.LayerStats;
import dev.tailwatch.schema.avro.ProbeMode;
import dev.tailwatch.schema.avro.RunInfo;
import dev.tailwatch.schema.avro.TailEvent;
import dev.tailwatch.schema.avro.TrainingMetrics;
import dev.tailwatch.streams.analysis.AnalysisConfig;
import dev.tailwatch.streams.replay.ReplayResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Writes a replay's report folder: CSV of every series, the charts, and an index.html that shows them. */
final class ReplayReport {

    private ReplayReport() {
    }

    static void write(Path dir, String runId, RunInfo info, ReplayResult result, AnalysisConfig config, String source)
            throws IOException {
        Files.createDirectories(dir);
        List<String> layers = layers(info, result);
        writeCsv(dir, RunCsv.ALPHA, result.alpha());
        writeCsv(dir, RunCsv.EVENTS, result.events());
        writeCsv(dir, RunCsv.LAYER_STATS, result.layerStats());
        writeCsv(dir, RunCsv.METRICS, result.metrics());
        ReplayCharts.writeAll(result, layers, dir);
        Files.writeString(dir.resolve("index.html"), html(runId, info, result, config, source, layers), StandardCharsets.UTF_8);
    }

    /** Layer names in network order: from RunInfo when there is one, else as they first appear. */
    static List<String> layers(RunInfo info, ReplayResult result) {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        if (info != null) {
            for (LayerInfo l : info.getLayers()) {
                names.add(l.getName().toString());
            }
        }
        for (AlphaEstimate a : result.alpha()) {
            if (!"all".contentEquals(a.getLayer())) {
                names.add(a.getLayer().toString());
            }
        }
        return new ArrayList<>(names);
    }

    private static void writeCsv(Path dir, RunCsv file, List<?> records) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dir.resolve(file.fileName())))) {
            w.println(file.header());
            for (Object r : records) {
                switch (file) {
                    case ALPHA -> RunCsv.row(w, (AlphaEstimate) r);
                    case EVENTS -> RunCsv.row(w, (TailEvent) r);
                    case LAYER_STATS -> RunCsv.row(w, (LayerStats) r);
                    case METRICS -> RunCsv.row(w, (TrainingMetrics) r);
                }
            }
        }
    }

    private static String html(String runId, RunInfo info, ReplayResult result, AnalysisConfig config, String source,
                               List<String> layers) {
        StringBuilder h = new StringBuilder();
        h.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>tailwatch replay: ").append(esc(runId))
                .append("</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:1450px}table{border-collapse:collapse;margin:1em 0}"
                        + "td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;font-size:90%}img{max-width:100%;border:1px solid #eee}"
                        + "</style></head><body>\n");
        h.append("<h1>Replay of run ").append(esc(runId)).append("</h1>\n<table>\n");
        row(h, "source", source);
        if (info != null) {
            row(h, "status", info.getStatus().name().toLowerCase(Locale.ROOT) + (info.getFailure() == null ? "" : " (" + info.getFailure() + ")"));
            row(h, "model", info.getModel().toString());
            row(h, "data set", info.getDataset().toString());
            row(h, "produced by", info.getSource().toString());
            if (info.getProbe() != null) {
                var p = info.getProbe();
                row(h, "noise probe", probeDescription(info));
                if (p.getMode() == ProbeMode.ONLINE) {
                    row(h, "probe caveat", "the ema probe is an approximation: against the exact probe it read α 0.1-0.3 lower and "
                            + "falling (docs/ACCURACY.md); its α drops may be artefacts of the probe");
                }
            }
            Map<String, String> hyper = new TreeMap<>();
            info.getHyperparameters().forEach((k, v) -> hyper.put(k.toString(), v.toString()));
            row(h, "hyperparameters", hyper.toString());
        } else {
            row(h, "run info", "none recorded for this run");
        }
        row(h, "layers", String.join(", ", layers));
        row(h, "analysis", String.format(Locale.ROOT, "rolling window %d monitored iterations, K1 %s, late-layer allowance %d, "
                + "layer-stats window %d, reservoir %d", config.window(), config.fixedK1() == 0 ? "per run from its first sample" : config.fixedK1(),
                config.lateLayerAllowance(), config.layerStats().window(), config.layerStats().reservoirSize()));
        row(h, "results", String.format(Locale.ROOT, "%d α records, %d events, %d layer-statistics windows, %d metrics records",
                result.alpha().size(), result.events().size(), result.layerStats().size(), result.metrics().size()));
        if (!result.rejected().isEmpty()) {
            row(h, "rejected inputs", result.rejected().toString());
        }
        h.append("</table>\n<p>Data: <a href=\"alpha.csv\">alpha.csv</a> · <a href=\"events.csv\">events.csv</a> · "
                + "<a href=\"layer-stats.csv\">layer-stats.csv</a> · <a href=\"metrics.csv\">metrics.csv</a></p>\n");
        h.append("<h2>α, loss and accuracy</h2>\n<img src=\"").append(ReplayCharts.OVERVIEW).append("\" alt=\"alpha overview\">\n");
        h.append("<h2>α per layer</h2>\n<img src=\"").append(ReplayCharts.HEATMAP).append("\" alt=\"alpha heatmap\">\n");
        h.append("<h2>Per-parameter α_i</h2>\n<img src=\"").append(ReplayCharts.ALPHA_I).append("\" alt=\"alpha_i distribution\">\n");
        h.append("<p>").append(esc(ALPHA_I_VERSUS_POOLED)).append("</p>\n");
        h.append("<h2>Events</h2>\n<table><tr><th>iteration</th><th>layer</th><th>type</th><th>detector</th><th>what</th></tr>\n");
        for (TailEvent e : result.events()) {
            h.append("<tr><td>").append(e.getIteration()).append("</td><td>").append(esc(e.getLayer().toString())).append("</td><td>")
                    .append(e.getType().name().toLowerCase(Locale.ROOT)).append("</td><td>").append(esc(e.getDetector().toString()))
                    .append("</td><td>").append(esc(e.getMessage().toString())).append("</td></tr>\n");
        }
        h.append("</table>\n</body></html>\n");
        return h.toString();
    }

    /**
     * Why the per-parameter α_i sit well above the layer's α: said where both numbers appear, because it
     * looks like a contradiction and is the point (Battash et al.).
     */
    static final String ALPHA_I_VERSUS_POOLED = "Why the α_i medians sit far above the layer's α: the layer's α pools the noise "
            + "of all its tracked parameters, and those parameters' noise has very different scales. Pooling values of different "
            + "scales is a scale mixture, and a scale mixture is heavier-tailed than any one of its parts — so the pooled α is lower "
            + "than nearly every α_i, even when each parameter's own noise is close to Gaussian (α_i near 2). The low pooled α "
            + "reflects the spread of scales across parameters as much as heavy tails within any one (Battash et al., "
            + "'Revisiting the noise model of SGD').";

    /**
     * The run's probe in words: the trainer's own description (RunInfo v3 on), otherwise spelled out from
     * the recorded settings of its mode — never another probe's parameters.
     */
    static String probeDescription(RunInfo info) {
        var p = info.getProbe();
        if (p.getDescription().length() > 0) {
            return p.getDescription().toString();
        }
        if ("simulate".contentEquals(info.getSource())) {
            return String.format(Locale.ROOT, "simulated: every iteration, %d rows of %d SαS values per layer with α from the "
                    + "prescribed path (no network, no probe)", p.getProbeBatches(), p.getCoordinatesPerLayer());
        }
        String coordinates = String.format(Locale.ROOT, "; %d tracked coordinates per layer", p.getCoordinatesPerLayer());
        return switch (p.getMode()) {
            case EXACT -> String.format(Locale.ROOT, "exact: every %d iterations, at fixed weights, %d fixed minibatches of %d, "
                    + "noise = g_i - mean (the paper's definition)", p.getEveryIterations(), p.getProbeBatches(), p.getProbeBatchSize())
                    + coordinates;
            case WINDOW -> String.format(Locale.ROOT, "window: every %d iterations, the minibatch gradients (batch %d) of the last %d "
                    + "training steps, noise = g_i - mean (an approximation: reads α 0.03-0.07 below the exact probe network-wide, "
                    + "docs/ACCURACY.md)", p.getEveryIterations(), p.getProbeBatchSize(), p.getProbeBatches()) + coordinates;
            case ONLINE -> String.format(Locale.ROOT, "ema: every iteration, the step's gradient (batch %d) minus a moving average, "
                    + "decay %s (an approximation: reads α 0.1-0.3 below the exact probe, docs/ACCURACY.md)", p.getProbeBatchSize(),
                    p.getEmaDecay()) + coordinates;
            case OFF -> "off: no noise probe";
        };
    }

    private static void row(StringBuilder h, String name, String value) {
        h.append("<tr><th>").append(esc(name)).append("</th><td>").append(esc(value)).append("</td></tr>\n");
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
