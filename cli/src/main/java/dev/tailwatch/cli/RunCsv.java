package dev.tailwatch.cli;

import dev.tailwatch.schema.avro.AlphaEstimate;
import dev.tailwatch.schema.avro.LayerStats;
import dev.tailwatch.schema.avro.TailEvent;
import dev.tailwatch.schema.avro.TrainingMetrics;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * The four CSV files of a run — alpha.csv, events.csv, layer-stats.csv, metrics.csv — one row per record.
 * One definition for the replay report and the live page's downloads, so both give the same files.
 */
public enum RunCsv {
    ALPHA("alpha.csv", "iteration,layer,scope,estimator,alpha,stderr,k1,k2,used,dropped,window_iterations,layers_merged"),
    EVENTS("events.csv", "iteration,layer,type,before,after,magnitude,detector,message"),
    LAYER_STATS("layer-stats.csv", "iteration,layer,window_iterations,alpha,alpha_stderr,mcculloch_alpha,hill_alpha,kurtosis,"
            + "alpha_i_p10,alpha_i_p50,alpha_i_p90,sas_wins_fraction,coordinates,values_used"),
    METRICS("metrics.csv", "iteration,loss,train_accuracy,test_accuracy,learning_rate,gradient_norm,step_seconds");

    private final String fileName;
    private final String header;

    RunCsv(String fileName, String header) {
        this.fileName = fileName;
        this.header = header;
    }

    public String fileName() {
        return fileName;
    }

    public String header() {
        return header;
    }

    /** The file of this name, or null. */
    public static RunCsv byFileName(String name) {
        for (RunCsv f : values()) {
            if (f.fileName.equals(name)) {
                return f;
            }
        }
        return null;
    }

    static void row(PrintWriter w, AlphaEstimate a) {
        w.println(String.join(",", Long.toString(a.getIteration()), csv(a.getLayer()), a.getScope().name().toLowerCase(Locale.ROOT),
                csv(a.getEstimator()), num(a.getAlpha()), num(a.getStderr()), Integer.toString(a.getK1()), Long.toString(a.getK2()),
                Long.toString(a.getUsed()), Long.toString(a.getDropped()), Integer.toString(a.getWindowIterations()),
                Integer.toString(a.getLayersMerged())));
    }

    static void row(PrintWriter w, TailEvent e) {
        w.println(String.join(",", Long.toString(e.getIteration()), csv(e.getLayer()), e.getType().name().toLowerCase(Locale.ROOT),
                num(e.getBefore()), num(e.getAfter()), num(e.getMagnitude()), csv(e.getDetector()), csv(e.getMessage())));
    }

    static void row(PrintWriter w, LayerStats s) {
        w.println(String.join(",", Long.toString(s.getIteration()), csv(s.getLayer()), Integer.toString(s.getWindowIterations()),
                num(s.getAlpha()), num(s.getAlphaStderr()), num(s.getMccullochAlpha()), num(s.getHillAlpha()), num(s.getKurtosis()),
                num(s.getAlphaIP10()), num(s.getAlphaIP50()), num(s.getAlphaIP90()), num(s.getSasWinsFraction()),
                Integer.toString(s.getCoordinates()), Long.toString(s.getValuesUsed())));
    }

    static void row(PrintWriter w, TrainingMetrics m) {
        w.println(String.join(",", Long.toString(m.getIteration()), num(m.getLoss()), num(m.getTrainAccuracy()),
                num(m.getTestAccuracy()), num(m.getLearningRate()), num(m.getGradientNorm()), num(m.getStepSeconds())));
    }

    private static String csv(CharSequence s) {
        String t = s.toString();
        return t.contains(",") || t.contains("\"") || t.contains("\n") ? "\"" + t.replace("\"", "\"\"") + "\"" : t;
    }

    /** Shortest round-trip decimal; empty for a missing value. */
    private static String num(Double d) {
        return d == null ? "" : Double.toString(d);
    }
}
