package dev.tailwatch.bench.paper;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The reproduction's report folder: index.html (setup, the paper's statements beside the trends measured here,
 * one row per run, the charts), summary.csv (one row per run) and alpha-RUN.csv (each run's α series as the
 * processors published them).
 */
final class PaperReport {

    static final String INDEX = "index.html";
    static final String SUMMARY = "summary.csv";

    /** What was run, in words, for the report's head. */
    record Setup(String dataset, String command, TrainSettings settings, GridRun base, String started, double wallSeconds,
                 String pipeline) {
    }

    private PaperReport() {
    }

    static void write(Path dir, Setup setup, List<RunResult> results) throws IOException {
        Files.createDirectories(dir);
        for (Sweep sweep : Sweep.values()) {
            PaperCharts.write(sweep, sweep.on(results, setup.base()), dir);
        }
        for (RunResult r : results) {
            writeSeries(dir.resolve("alpha-" + r.runId() + ".csv"), r);
        }
        Files.writeString(dir.resolve(SUMMARY), summaryCsv(results), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(INDEX), html(setup, results), StandardCharsets.UTF_8);
    }

    /** The sweeps' verdicts as plain lines, for the console. */
    static List<String> trendLines(List<RunResult> results, GridRun base) {
        List<String> lines = new ArrayList<>();
        for (Sweep sweep : Sweep.values()) {
            List<RunResult> on = sweep.on(results, base);
            Trend t = sweep.trend(on);
            lines.add(String.format(Locale.ROOT, "α along %-5s (%d runs): %s, %+.4f ± %.4f %s", sweep.name, on.size(), t.verdict(),
                    t.slope(), t.stderr(), sweep.unit()));
        }
        return lines;
    }

    static String summaryCsv(List<RunResult> results) {
        Set<String> layers = layerNames(results);
        StringBuilder s = new StringBuilder("run,width,depth,batch,seed,parameters,iterations,tail_from,points,alpha_mean,alpha_stderr,"
                + "alpha_sd,alpha_drift,test_accuracy,train_accuracy,final_lr,seconds");
        layers.forEach(l -> s.append(",alpha_mean_").append(l));
        s.append('\n');
        for (RunResult r : results) {
            GridRun g = r.run();
            TailAverage n = r.network();
            s.append(String.format(Locale.ROOT, "%s,%d,%d,%d,%d,%d,%d,%d,%d,%.6f,%.6f,%.6f,%.6f,%.4f,%.4f,%s,%.1f", r.runId(), g.width(), g.depth(),
                    g.batch(), g.seed(), r.parameters(), r.iterations(), r.tailFrom(), n.points(), n.mean(), n.stderr(), n.sd(), n.drift(),
                    r.testAccuracy(), r.trainAccuracy(), num(r.finalLearningRate()), r.seconds()));
            for (String l : layers) {
                TailAverage t = r.layers().get(l);
                s.append(',').append(t == null ? "" : String.format(Locale.ROOT, "%.6f", t.mean()));
            }
            s.append('\n');
        }
        return s.toString();
    }

    private static void writeSeries(Path file, RunResult r) throws IOException {
        StringBuilder s = new StringBuilder("iteration,layer,scope,alpha\n");
        List<AlphaSeries> all = new ArrayList<>(r.perIteration());
        all.addAll(r.rolling());
        for (AlphaSeries series : all) {
            series.points().forEach((it, a) -> s.append(it).append(',').append(series.layer()).append(',')
                    .append(series.scope().name().toLowerCase(Locale.ROOT)).append(',').append(a).append('\n'));
        }
        Files.writeString(file, s.toString(), StandardCharsets.UTF_8);
    }

    private static Set<String> layerNames(List<RunResult> results) {
        Set<String> names = new LinkedHashSet<>();
        results.forEach(r -> names.addAll(r.layers().keySet()));
        return names;
    }

    static String html(Setup setup, List<RunResult> results) {
        StringWriter buffer = new StringWriter();
        PrintWriter h = new PrintWriter(buffer);
        TrainSettings ts = setup.settings();
        h.println("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>tailwatch: reproducing Şimşekli et al. 2019</title>");
        h.println("<style>body{font-family:sans-serif;max-width:1250px;margin:2em auto;padding:0 1em;color:#222}"
                + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:right}"
                + "th{background:#f3f3f3}td.l,th.l{text-align:left}img{max-width:100%;border:1px solid #ddd;margin:.5em 0}"
                + ".dec{color:#1a7f37}.inc{color:#b42318}.none{color:#555}code{background:#f5f5f5;padding:0 .2em}</style></head><body>");
        h.println("<h1>Reproducing the tail-index findings of Şimşekli, Sagun &amp; Gürbüzbalaban (2019) with tailwatch</h1>");
        h.printf("<p>Generated %s by <code>%s</code> in %s.</p>%n", esc(setup.started()), esc(setup.command()), duration(setup.wallSeconds()));
        h.println("<h2>Setup</h2><ul>");
        h.printf("<li>Data: %s.</li>%n", esc(setup.dataset()));
        h.printf(Locale.ROOT, "<li>Networks: fully connected (ReLU, softmax cross-entropy), plain SGD at learning rate %s, %d iterations per run; "
                        + "the grid varies one setting at a time around width %d, depth %d (hidden layers), minibatch %d.</li>%n",
                ts.scheduleText(), ts.iterations(), setup.base().width(), setup.base().depth(), setup.base().batch());
        h.printf(Locale.ROOT, "<li>Noise: tailwatch's exact probe (the paper's definition): every %d iterations, the gradients of %d fixed "
                        + "minibatches at the current weights minus their mean, at %d tracked parameters per layer; the network-wide "
                        + "series pools layers in proportion to their parameter counts.</li>%n",
                ts.probeEvery(), ts.probeBatches(), ts.coordinates());
        h.printf(Locale.ROOT, "<li>α: %s. Each run's figure is the mean of its per-iteration network-wide α over the last %.0f %% of the run "
                        + "(iterations from the table's \"from\" on); s.e. from 10 batch means; drift = second half's mean minus the first's.</li>%n",
                esc(setup.pipeline()), 100 * ts.tailFraction());
        h.println("<li>Trends: weighted least-squares slope of those means against log<sub>2</sub> of width or batch size (per doubling) "
                + "or against depth (per layer); called only beyond two standard errors.</li></ul>");

        h.println("<h2>The paper's statements beside this run</h2><table><tr><th class=l>setting</th><th class=l>the paper</th>"
                + "<th>runs</th><th>slope of α</th><th class=l>here</th></tr>");
        for (Sweep sweep : Sweep.values()) {
            List<RunResult> on = sweep.on(results, setup.base());
            Trend t = sweep.trend(on);
            String css = switch (t.verdict()) {
                case "decreases" -> "dec";
                case "increases" -> "inc";
                default -> "none";
            };
            h.printf(Locale.ROOT, "<tr><td class=l>%s</td><td class=l>%s</td><td>%d</td><td>%+.4f ± %.4f %s</td><td class=\"l %s\">α %s</td></tr>%n",
                    sweep.name, esc(sweep.paper), on.size(), t.slope(), t.stderr(), esc(sweep.unit()), css, t.verdict());
        }
        h.println("</table>");

        Set<String> layers = layerNames(results);
        h.println("<h2>Runs</h2><table><tr><th class=l>run</th><th>width</th><th>depth</th><th>batch</th><th>seed</th><th>parameters</th>"
                + "<th>from</th><th>points</th><th>network α</th><th>s.e.</th><th>sd</th><th>drift</th>");
        layers.forEach(l -> h.printf("<th>%s α</th>", esc(l)));
        h.println("<th>test accuracy</th><th>train accuracy</th><th>final lr</th><th>seconds</th></tr>");
        for (RunResult r : results) {
            GridRun g = r.run();
            TailAverage n = r.network();
            h.printf(Locale.ROOT, "<tr><td class=l>%s</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>%,d</td><td>%d</td><td>%d</td>"
                            + "<td><b>%.3f</b></td><td>%.3f</td><td>%.3f</td><td>%+.3f</td>", esc(r.runId()), g.width(), g.depth(), g.batch(),
                    g.seed(), r.parameters(), r.tailFrom(), n.points(), n.mean(), n.stderr(), n.sd(), n.drift());
            for (String l : layers) {
                TailAverage t = r.layers().get(l);
                h.print(t == null ? "<td></td>" : String.format(Locale.ROOT, "<td>%.3f</td>", t.mean()));
            }
            h.printf(Locale.ROOT, "<td>%.4f</td><td>%.4f</td><td>%s</td><td>%.0f</td></tr>%n", r.testAccuracy(), r.trainAccuracy(),
                    num(r.finalLearningRate()), r.seconds());
        }
        h.println("</table><p>Per-run α series: <code>alpha-RUN.csv</code>; this table: <a href=\"summary.csv\">summary.csv</a>.</p>");

        for (Sweep sweep : Sweep.values()) {
            h.printf("<h2>α against %s</h2>%n<img src=\"%s\" alt=\"network-wide α against %s\">%n<img src=\"%s\" alt=\"α over iterations, %s sweep\">%n",
                    esc(sweep.axis), PaperCharts.sweepFile(sweep), esc(sweep.axis), PaperCharts.iterationsFile(sweep), sweep.name);
        }
        h.println("</body></html>");
        h.flush();
        return buffer.toString();
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }

    static String num(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
