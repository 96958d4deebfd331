package dev.tailwatch.bench.paper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The reproduction command on a tiny grid through the real pipeline (broker, processors, exact probe, shipped
 * digits): every run's α comes back from the α topic and lands in the report's table, CSV and charts.
 */
class ReproducePaperIT {

    @TempDir
    Path dir;

    @Test
    void aTinyGridRunsThroughThePipelineIntoTheReport() throws Exception {
        Path out = dir.resolve("report");
        // Base width 64, depth 2, batch 32: widths 32 and 64, depth 3, batch 64 — four runs, the base shared. The authors'
        // schedule: halved every ⌈100/3⌉ = 34 iterations, so the last step (99) runs at 0.1 · 0.5² = 0.025.
        int code = ReproducePaper.commandLine().execute("--out", out.toString(), "--iterations", "100", "--every", "20",
                "--widths", "32,64", "--depths", "2,3", "--batches", "32,64", "--base", "64,2,32", "--lr-decay", "0.5");
        assertEquals(0, code);

        List<String> summary = Files.readAllLines(out.resolve(PaperReport.SUMMARY));
        assertEquals(5, summary.size(), "header and one row per run: " + summary);
        List<String> header = List.of(summary.get(0).split(","));
        int points = header.indexOf("points");
        int mean = header.indexOf("alpha_mean");
        int accuracy = header.indexOf("test_accuracy");
        int finalLr = header.indexOf("final_lr");
        int train = header.indexOf("train_accuracy");
        for (String row : summary.subList(1, 5)) {
            String[] f = row.split(",");
            // Probes at 0, 20, 40, 60, 80; the last half of 100 iterations holds 60 and 80.
            assertEquals("2", f[points], row);
            double alpha = Double.parseDouble(f[mean]);
            assertTrue(alpha > 0.5 && alpha < 2.5, "a plausible α, was " + alpha);
            // The table's mean is the mean of the α records the processors published for those iterations.
            List<Double> network = networkAlphas(out.resolve("alpha-" + f[0] + ".csv"));
            assertEquals(5, network.size(), f[0] + ": one network-wide α per probe");
            assertEquals((network.get(3) + network.get(4)) / 2, alpha, 1e-6);
            // The trainer's final evaluation, read back from the metrics topic.
            double test = Double.parseDouble(f[accuracy]);
            assertTrue(test > 0 && test <= 1, f[0] + ": the final test accuracy from the metrics topic, was " + f[accuracy]);
            double trainAccuracy = Double.parseDouble(f[train]);
            assertTrue(trainAccuracy > 0 && trainAccuracy <= 1, f[0] + ": the final training accuracy, was " + f[train]);
            // The trainer's rate at its last step, from the metrics topic: the schedule reached it.
            assertEquals(0.025, Double.parseDouble(f[finalLr]), 1e-12, row);
        }

        String html = Files.readString(out.resolve(PaperReport.INDEX));
        assertTrue(html.contains("learning rate 0.1, halved every 34 iterations"), "the schedule in the setup");
        for (Sweep sweep : Sweep.values()) {
            assertTrue(html.contains("<td class=l>" + sweep.name + "</td>"), "a trend row for " + sweep.name);
            for (String png : List.of(PaperCharts.sweepFile(sweep), PaperCharts.iterationsFile(sweep))) {
                assertTrue(html.contains("src=\"" + png + "\""), png + " linked");
                BufferedImage image = ImageIO.read(out.resolve(png).toFile());
                assertNotNull(image, png + " is a PNG");
                assertTrue(image.getWidth() >= 900, png);
            }
        }
        Matcher rows = Pattern.compile("<tr><td class=l>paper-w").matcher(html);
        int runRows = 0;
        while (rows.find()) {
            runRows++;
        }
        assertEquals(4, runRows, "one table row per run");
        assertFalse(Files.exists(out.resolve("pipeline")), "the broker's log is removed without --keep-topics");
    }

    @Test
    void aMissingMnistFolderIsOneLineAndExitTwo() {
        StringWriter err = new StringWriter();
        CommandLine cli = ReproducePaper.commandLine();
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("--out", dir.resolve("r").toString(), "--mnist", dir.resolve("nowhere").toString());
        assertEquals(2, code);
        String text = err.toString().strip();
        assertEquals(1, text.lines().count(), text);
        assertTrue(text.startsWith("reproduce-paper: --mnist " + dir.resolve("nowhere") + ": no such folder"), text);
    }

    @Test
    void aScheduleThatCannotWorkIsOneLineAndExitTwo() {
        assertRefused("reproduce-paper: --lr-step 10 has no effect at a constant rate; give --lr-decay below 1 too, or drop --lr-step",
                "--lr-step", "10");
        assertRefused("reproduce-paper: --lr-decay must be in (0, 1] (1: a constant rate), was 2.0", "--lr-decay", "2");
        assertRefused("reproduce-paper: --lr-step must be 1 to --iterations (100) iterations, was 0", "--lr-decay", "0.5", "--lr-step", "0");
    }

    private void assertRefused(String message, String... options) {
        StringWriter err = new StringWriter();
        CommandLine cli = ReproducePaper.commandLine();
        cli.setErr(new PrintWriter(err));
        List<String> args = new ArrayList<>(List.of("--out", dir.resolve("r").toString(), "--iterations", "100", "--every", "20"));
        args.addAll(List.of(options));
        assertEquals(2, cli.execute(args.toArray(String[]::new)));
        assertEquals(message, err.toString().strip());
    }

    private static List<Double> networkAlphas(Path csv) throws Exception {
        return Files.readAllLines(csv).stream().skip(1).map(l -> l.split(","))
                .filter(f -> f[1].equals("all") && f[2].equals("iteration")).map(f -> Double.parseDouble(f[3])).toList();
    }
}
