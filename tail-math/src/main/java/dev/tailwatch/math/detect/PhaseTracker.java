package dev.tailwatch.math.detect;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.Optional;

/**
 * Classifies the trend of an α series as FALLING, STABLE or RISING and reports when it changes — the
 * seed paper's first phase (α falling fast) giving way to a second (α flat or rising).
 *
 * <p>Rule: over the last {@code window} observations, the ordinary least-squares slope of α on the
 * iteration and its standard error from the residuals (so it is self-calibrating: it does not trust the
 * estimator's own error); t = slope / se. The trend is FALLING when t &lt; −t0, RISING when t &gt; t0,
 * STABLE otherwise; a confirmed FALLING or RISING trend ends only when |t| falls below t0 / 4 (hysteresis, so
 * that a trend whose t wobbles around t0 is one phase, not a series of flips). A new trend must hold for {@code persistence} consecutive observations before it
 * replaces the current one; the first confirmed trend of a run is not a change. "Before" is the mean
 * slope while the old trend held, "after" the slope when the new one is confirmed, both per 1,000
 * iterations; magnitude is their difference. The window trades delay for sensitivity: at K = 5,000
 * values per iteration a fall of 0.6 in α over 300 iterations needs about 100 observations to stand out
 * of the estimator's noise, so the change is reported roughly half a window after it happened.
 */
public final class PhaseTracker {

    /** The trend of the series. */
    public enum Phase { FALLING, STABLE, RISING }

    /** Parameters; see the class comment. */
    public record Parameters(int window, double t0, int persistence) {
        public Parameters {
            if (window < 5 || t0 <= 0 || persistence < 1) {
                throw new IllegalArgumentException("need window ≥ 5, t0 > 0, persistence ≥ 1");
            }
        }

        public static Parameters defaults() {
            return new Parameters(100, 4.0, 10);
        }

        Map<String, Double> asMap() {
            return Map.of("window", (double) window, "t0", t0, "persistence", (double) persistence);
        }
    }

    private record Point(long iteration, double value) {
    }

    private final Parameters p;
    private final ArrayDeque<Point> points = new ArrayDeque<>();
    private Phase current;
    private double phaseSlopeSum;
    private long phaseSlopeCount;
    private Phase candidate;
    private int candidateRun;

    public PhaseTracker(Parameters parameters) {
        this.p = parameters;
    }

    /**
     * The tracker's exact state, for snapshots (the parameters are not part of it).
     *
     * @param iterations iterations of the observations in the fit window, oldest first
     * @param values     their α, as many as iterations
     * @param current    the confirmed trend, null before the first
     * @param candidate  the trend waiting for confirmation, null when none
     */
    public record State(long[] iterations, double[] values, Phase current, double phaseSlopeSum, long phaseSlopeCount,
                        Phase candidate, int candidateRun) {
    }

    /** A copy of the exact state. */
    public State state() {
        long[] its = new long[points.size()];
        double[] values = new double[points.size()];
        int i = 0;
        for (Point q : points) {
            its[i] = q.iteration();
            values[i++] = q.value();
        }
        return new State(its, values, current, phaseSlopeSum, phaseSlopeCount, candidate, candidateRun);
    }

    /**
     * A tracker with these parameters that goes on exactly as the one the state was taken from.
     *
     * @throws IllegalArgumentException when the state's arrays differ in length or exceed the window
     */
    public static PhaseTracker restore(Parameters parameters, State state) {
        if (state.iterations().length != state.values().length || state.values().length > parameters.window()) {
            throw new IllegalArgumentException(state.iterations().length + " iterations and " + state.values().length
                    + " values for a window of " + parameters.window());
        }
        PhaseTracker t = new PhaseTracker(parameters);
        for (int i = 0; i < state.values().length; i++) {
            t.points.addLast(new Point(state.iterations()[i], state.values()[i]));
        }
        t.current = state.current();
        t.phaseSlopeSum = state.phaseSlopeSum();
        t.phaseSlopeCount = state.phaseSlopeCount();
        t.candidate = state.candidate();
        t.candidateRun = state.candidateRun();
        return t;
    }

    /** The confirmed trend, empty until the first one is confirmed. */
    public Optional<Phase> phase() {
        return Optional.ofNullable(current);
    }

    /** Feeds one observation; returns a change when a new trend is confirmed. */
    public Optional<Change> observe(long iteration, double value) {
        if (!Double.isFinite(value)) {
            return Optional.empty();
        }
        points.addLast(new Point(iteration, value));
        if (points.size() > p.window()) {
            points.removeFirst();
        }
        if (points.size() < p.window()) {
            return Optional.empty();
        }
        double[] fit = slopeAndStderr();
        double t = fit[1] > 0 ? fit[0] / fit[1] : 0;
        Phase now = classify(t);
        if (now == current) {
            candidate = null;
            candidateRun = 0;
            phaseSlopeSum += fit[0];
            phaseSlopeCount++;
            return Optional.empty();
        }
        if (now != candidate) {
            candidate = now;
            candidateRun = 0;
        }
        candidateRun++;
        if (candidateRun < p.persistence()) {
            return Optional.empty();
        }
        Phase before = current;
        double slopeBefore = phaseSlopeCount == 0 ? fit[0] : phaseSlopeSum / phaseSlopeCount;
        current = now;
        phaseSlopeSum = fit[0];
        phaseSlopeCount = 1;
        candidate = null;
        candidateRun = 0;
        if (before == null) {
            return Optional.empty();
        }
        long since = points.getFirst().iteration();
        return Optional.of(new Change(Change.Kind.PHASE_CHANGE, iteration, since, slopeBefore * 1000, fit[0] * 1000,
                (fit[0] - slopeBefore) * 1000, "trend-t", p.asMap(), String.format(
                        "α trend changed from %s to %s (slope %.3g → %.3g per 1000 iterations, t = %.1f)",
                        before, now, slopeBefore * 1000, fit[0] * 1000, t)));
    }

    /**
     * The trend t says, with hysteresis: entering FALLING or RISING takes |t| > t0, leaving it only |t| below
     * t0 / 4 (or the opposite trend). A steady fall whose t sits near −t0 otherwise flipped FALLING ↔ STABLE
     * with every wobble of the estimate (the simulated demo run: 24 phase changes on one fall).
     */
    private Phase classify(double t) {
        double exit = p.t0() / 4;
        if (current == Phase.FALLING && t < -exit) {
            return Phase.FALLING;
        }
        if (current == Phase.RISING && t > exit) {
            return Phase.RISING;
        }
        return t < -p.t0() ? Phase.FALLING : t > p.t0() ? Phase.RISING : Phase.STABLE;
    }

    /** OLS slope of value on iteration, and its standard error from the residual variance. */
    private double[] slopeAndStderr() {
        int n = points.size();
        double meanX = 0;
        double meanY = 0;
        for (Point q : points) {
            meanX += q.iteration();
            meanY += q.value();
        }
        meanX /= n;
        meanY /= n;
        double sxx = 0;
        double sxy = 0;
        for (Point q : points) {
            double dx = q.iteration() - meanX;
            sxx += dx * dx;
            sxy += dx * (q.value() - meanY);
        }
        if (sxx == 0) {
            return new double[] {0, 0};
        }
        double slope = sxy / sxx;
        double intercept = meanY - slope * meanX;
        double residuals = 0;
        for (Point q : points) {
            double r = q.value() - intercept - slope * q.iteration();
            residuals += r * r;
        }
        double se = Math.sqrt(residuals / (n - 2) / sxx);
        return new double[] {slope, se};
    }
}
