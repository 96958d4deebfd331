package dev.tailwatch.math.detect;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * Jumps in a training metric (loss or accuracy): a robust z-score of the latest first difference
 * against the recent ones, z = (d − median(D)) / (1.4826 · MAD(D)) over the last {@code window}
 * differences D (the current one excluded). A jump is |z| &gt; zThreshold and |d| ≥ minChange — the
 * second guard keeps a nearly flat series, whose MAD is tiny, from firing on noise. Median and MAD
 * are robust, so one jump does not hide the next. Magnitude is z.
 */
public final class JumpDetector {

    /** Parameters; see the class comment. */
    public record Parameters(int window, double zThreshold, double minChange) {
        public Parameters {
            if (window < 5 || zThreshold <= 0 || minChange < 0) {
                throw new IllegalArgumentException("need window ≥ 5, zThreshold > 0, minChange ≥ 0");
            }
        }

        /** For accuracy as a ratio: a jump must also move it by at least 0.02. */
        public static Parameters accuracyDefaults() {
            return new Parameters(30, 8.0, 0.02);
        }

        /** For loss: a jump must also move it by at least 2 % of its level (see {@link #minChange}). */
        public static Parameters lossDefaults() {
            return new Parameters(30, 8.0, 0.0);
        }

        Map<String, Double> asMap() {
            return Map.of("window", (double) window, "z", zThreshold, "min_change", minChange);
        }
    }

    private final Parameters p;
    private final Change.Kind kind;
    private final double minRelativeChange;
    private final ArrayDeque<Double> differences = new ArrayDeque<>();
    private double last = Double.NaN;

    /**
     * @param kind              LOSS_JUMP or ACCURACY_JUMP
     * @param minRelativeChange a jump must also move the metric by this fraction of its previous level
     */
    public JumpDetector(Change.Kind kind, Parameters parameters, double minRelativeChange) {
        this.kind = kind;
        this.p = parameters;
        this.minRelativeChange = minRelativeChange;
    }

    /** Loss jumps: robust z over 8 and at least 2 % of the previous loss. */
    public static JumpDetector forLoss() {
        return new JumpDetector(Change.Kind.LOSS_JUMP, Parameters.lossDefaults(), 0.02);
    }

    /** Accuracy jumps: robust z over 8 and at least 0.02 (two points of accuracy). */
    public static JumpDetector forAccuracy() {
        return new JumpDetector(Change.Kind.ACCURACY_JUMP, Parameters.accuracyDefaults(), 0.0);
    }

    /**
     * The detector's exact state, for snapshots (kind and parameters are not part of it).
     *
     * @param differences the recent first differences, oldest first
     * @param last        the last value, NaN before the first
     */
    public record State(double[] differences, double last) {
    }

    /** A copy of the exact state. */
    public State state() {
        return new State(differences.stream().mapToDouble(Double::doubleValue).toArray(), last);
    }

    /**
     * A detector of this one's kind and parameters in the given state: it goes on exactly as the one the
     * state was taken from.
     *
     * @throws IllegalArgumentException when the state holds more differences than the window
     */
    public JumpDetector withState(State state) {
        if (state.differences().length > p.window()) {
            throw new IllegalArgumentException(state.differences().length + " differences for a window of " + p.window());
        }
        JumpDetector d = new JumpDetector(kind, p, minRelativeChange);
        for (double x : state.differences()) {
            d.differences.addLast(x);
        }
        d.last = state.last();
        return d;
    }

    public Optional<Change> observe(long iteration, double value) {
        if (!Double.isFinite(value)) {
            return Optional.empty();
        }
        if (Double.isNaN(last)) {
            last = value;
            return Optional.empty();
        }
        double d = value - last;
        double previous = last;
        last = value;
        Optional<Change> result = Optional.empty();
        if (differences.size() >= p.window()) {
            double[] sorted = differences.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double median = median(sorted);
            double[] deviations = Arrays.stream(sorted).map(x -> Math.abs(x - median)).sorted().toArray();
            double scale = 1.4826 * median(deviations);
            double z = scale > 0 ? (d - median) / scale : (d == median ? 0 : Math.copySign(Double.POSITIVE_INFINITY, d - median));
            double minimum = Math.max(p.minChange(), minRelativeChange * Math.abs(previous));
            if (Math.abs(z) > p.zThreshold() && Math.abs(d) >= minimum) {
                result = Optional.of(new Change(kind, iteration, iteration, previous, value, z, "robust-z", p.asMap(),
                        String.format("%s %s from %.4g to %.4g (robust z = %.1f)",
                                kind == Change.Kind.LOSS_JUMP ? "loss" : "accuracy", d > 0 ? "jumped up" : "jumped down",
                                previous, value, z)));
            }
        }
        differences.addLast(d);
        if (differences.size() > p.window()) {
            differences.removeFirst();
        }
        return result;
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }
}
