package dev.tailwatch.math.detect;

import java.util.Map;
import java.util.Optional;

/**
 * Two-sided CUSUM on an α series in σ units, σ being each observation's standard error (inflated by a
 * factor, because the delta-method error can be ~20 % optimistic).
 *
 * <p>The reference level μ0 is the inverse-variance weighted mean of a warm-up of {@code warmup}
 * observations. With z = (x − μ0)/σ: S⁺ = max(0, S⁺ + z − k), S⁻ = max(0, S⁻ − z − k); S⁻ &gt; h is an α
 * drop, S⁺ &gt; h an α rise. The change is dated to the last observation at which that sum was 0, and
 * the level "after" is the weighted mean since then.
 *
 * <p>After an alarm the detector settles: it takes new warm-ups until two in a row agree (within two
 * pooled standard errors). A drop that keeps going, as in the first phase of training, is one event, not
 * one per threshold crossing; once settled, it is armed again around the new level.
 */
public final class CusumDetector {

    /** Parameters; see the class comment. */
    public record Parameters(int warmup, double k, double h, double sigmaInflation) {
        public Parameters {
            if (warmup < 2 || k < 0 || h <= 0 || sigmaInflation <= 0) {
                throw new IllegalArgumentException("need warmup ≥ 2, k ≥ 0, h > 0, inflation > 0");
            }
        }

        /** Chosen so that a stationary run of 5,000 iterations at K = 5,000 raises no event (see CusumQualityTest). */
        public static Parameters defaults() {
            return new Parameters(50, 0.5, 14, 1.2);
        }

        Map<String, Double> asMap() {
            return Map.of("warmup", (double) warmup, "k", k, "h", h, "sigma_inflation", sigmaInflation);
        }
    }

    private final Parameters p;
    private final Warmup warmup = new Warmup();
    private Warmup previousWarmup;
    private boolean armed;
    private boolean settling;
    private double mu0;
    private double sPlus;
    private double sMinus;
    private final Since plus = new Since();
    private final Since minus = new Since();

    public CusumDetector(Parameters parameters) {
        this.p = parameters;
    }

    public Parameters parameters() {
        return p;
    }

    /** A warm-up's count and inverse-variance sums (see {@link State}). */
    public record WarmupState(int count, double weightedSum, double weights) {
    }

    /** Where a cumulative sum last left 0 and the weighted sums since (see {@link State}). */
    public record SinceState(long start, double weightedSum, double weights) {
    }

    /**
     * The detector's exact state, for snapshots (the parameters are not part of it).
     *
     * @param warmup         the warm-up being collected
     * @param previousWarmup while settling after an alarm, the last full warm-up; null otherwise
     */
    public record State(WarmupState warmup, WarmupState previousWarmup, boolean armed, boolean settling, double mu0,
                        double sPlus, double sMinus, SinceState plus, SinceState minus) {
    }

    /** The exact state. */
    public State state() {
        return new State(warmup.state(), previousWarmup == null ? null : previousWarmup.state(), armed, settling, mu0,
                sPlus, sMinus, plus.state(), minus.state());
    }

    /** A detector with these parameters that goes on exactly as the one the state was taken from. */
    public static CusumDetector restore(Parameters parameters, State state) {
        CusumDetector d = new CusumDetector(parameters);
        d.warmup.set(state.warmup());
        if (state.previousWarmup() != null) {
            d.previousWarmup = new Warmup();
            d.previousWarmup.set(state.previousWarmup());
        }
        d.armed = state.armed();
        d.settling = state.settling();
        d.mu0 = state.mu0();
        d.sPlus = state.sPlus();
        d.sMinus = state.sMinus();
        d.plus.set(state.plus());
        d.minus.set(state.minus());
        return d;
    }

    /** The reference level, NaN while warming up. */
    public double reference() {
        return armed ? mu0 : Double.NaN;
    }

    /** Feeds one observation; non-finite values or errors are ignored. */
    public Optional<Change> observe(long iteration, double value, double stderr) {
        if (!Double.isFinite(value) || !(stderr > 0) || !Double.isFinite(stderr)) {
            return Optional.empty();
        }
        double sigma = stderr * p.sigmaInflation();
        if (!armed) {
            warmup.add(value, sigma);
            if (warmup.count == p.warmup()) {
                settleOrRearm();
            }
            return Optional.empty();
        }
        double z = (value - mu0) / sigma;
        double w = 1 / (sigma * sigma);
        sPlus = Math.max(0, sPlus + z - p.k());
        sMinus = Math.max(0, sMinus - z - p.k());
        plus.update(sPlus, iteration, value, w);
        minus.update(sMinus, iteration, value, w);
        if (sMinus > p.h() || sPlus > p.h()) {
            boolean drop = sMinus > p.h();
            Since side = drop ? minus : plus;
            double after = side.mean();
            Change change = new Change(drop ? Change.Kind.ALPHA_DROP : Change.Kind.ALPHA_RISE, iteration, side.start,
                    mu0, after, after - mu0, "cusum", p.asMap(), String.format(
                            "α %s from %.3f to %.3f (CUSUM %.1f σ-units over h=%.1f), starting near iteration %d",
                            drop ? "dropped" : "rose", mu0, after, drop ? sMinus : sPlus, p.h(), side.start));
            disarm();
            return Optional.of(change);
        }
        return Optional.empty();
    }

    /** A full warm-up either arms the detector or, while settling after an alarm, is compared with the last. */
    private void settleOrRearm() {
        if (settling && (previousWarmup == null || !agree(previousWarmup, warmup))) {
            previousWarmup = warmup.copy();
            warmup.clear();
            return;
        }
        mu0 = warmup.mean();
        armed = true;
        settling = false;
        sPlus = 0;
        sMinus = 0;
        plus.reset();
        minus.reset();
        previousWarmup = null;
        warmup.clear();
    }

    private boolean agree(Warmup a, Warmup b) {
        double pooledSigma = Math.sqrt(1 / a.weights + 1 / b.weights);
        return Math.abs(a.mean() - b.mean()) <= 2 * pooledSigma;
    }

    private void disarm() {
        armed = false;
        settling = true;
        previousWarmup = null;
        warmup.clear();
    }

    /** Inverse-variance weighted mean of a stretch of observations. */
    private static final class Warmup {
        int count;
        double weightedSum;
        double weights;

        void add(double value, double sigma) {
            double w = 1 / (sigma * sigma);
            weightedSum += w * value;
            weights += w;
            count++;
        }

        double mean() {
            return weightedSum / weights;
        }

        void clear() {
            count = 0;
            weightedSum = 0;
            weights = 0;
        }

        WarmupState state() {
            return new WarmupState(count, weightedSum, weights);
        }

        void set(WarmupState s) {
            count = s.count();
            weightedSum = s.weightedSum();
            weights = s.weights();
        }

        Warmup copy() {
            Warmup c = new Warmup();
            c.count = count;
            c.weightedSum = weightedSum;
            c.weights = weights;
            return c;
        }
    }

    /** Where a cumulative sum last left 0, and the weighted mean of the observations since. */
    private static final class Since {
        long start;
        double weightedSum;
        double weights;

        void update(double s, long iteration, double value, double w) {
            if (s == 0) {
                start = iteration;
                weightedSum = 0;
                weights = 0;
            } else {
                weightedSum += w * value;
                weights += w;
            }
        }

        double mean() {
            return weights == 0 ? Double.NaN : weightedSum / weights;
        }

        SinceState state() {
            return new SinceState(start, weightedSum, weights);
        }

        void set(SinceState s) {
            start = s.start();
            weightedSum = s.weightedSum();
            weights = s.weights();
        }

        void reset() {
            start = 0;
            weightedSum = 0;
            weights = 0;
        }
    }
}
