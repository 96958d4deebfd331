package dev.tailwatch.math;

/**
 * The symmetric α-stable law SαS(α, 1), characteristic function exp(−|t|^α): α = 2 is N(0, 2), α = 1 the
 * standard Cauchy law.
 *
 * <p>The CDF uses Nolan's (1997) integral representation, which for β = 0 reads, for x &gt; 0 and α ≠ 1,
 * F(x) = c + sign(1 − α)/π · ∫₀^{π/2} exp(−x^{α/(α−1)} V(θ)) dθ with
 * V(θ) = (cos θ / sin αθ)^{α/(α−1)} · cos((α − 1)θ) / cos θ, c = ½ for α &lt; 1 and 1 for α &gt; 1.
 * The integrand is bounded by 1 but can be a sharp ramp (more so as α nears 1), so it is integrated by
 * adaptive Simpson quadrature. Used offline to build {@link McCullochTable} and by tests; it is too slow
 * for per-value work on a hot path.
 */
public final class StableDistribution {

    private static final double HALF_PI = Math.PI / 2;
    private static final double TOLERANCE = 1e-13;
    private static final int MAX_DEPTH = 60;

    private StableDistribution() {
    }

    /** P(X ≤ x) for X ~ SαS(α, 1), α in (0, 2]. */
    public static double cdf(double x, double alpha) {
        checkAlpha(alpha);
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x == 0) {
            return 0.5;
        }
        if (x < 0) {
            return 1 - cdf(-x, alpha);
        }
        if (x == Double.POSITIVE_INFINITY) {
            return 1;
        }
        if (alpha == 1) {
            return 0.5 + Math.atan(x) / Math.PI;
        }
        double exponent = alpha / (alpha - 1);
        double lnScale = exponent * Math.log(x);
        double integral = adaptiveSimpson(theta -> integrand(theta, alpha, exponent, lnScale), 0, HALF_PI);
        return alpha < 1 ? 0.5 + integral / Math.PI : 1 - integral / Math.PI;
    }

    /** The p-quantile, p in (0, 1). */
    public static double quantile(double p, double alpha) {
        checkAlpha(alpha);
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("p must be in (0, 1), was " + p);
        }
        if (p == 0.5) {
            return 0;
        }
        if (p < 0.5) {
            return -quantile(1 - p, alpha);
        }
        double lo = 0;
        double hi = 1;
        while (cdf(hi, alpha) < p) {
            lo = hi;
            hi *= 2;
        }
        for (int i = 0; i < 200 && hi - lo > 1e-14 * hi; i++) {
            double mid = 0.5 * (lo + hi);
            if (cdf(mid, alpha) < p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /** The density, by a central difference of the CDF (relative step 1e-5; accurate to ~1e-7). */
    public static double density(double x, double alpha) {
        double h = 1e-5 * Math.max(1, Math.abs(x));
        return (cdf(x + h, alpha) - cdf(x - h, alpha)) / (2 * h);
    }

    private static double integrand(double theta, double alpha, double exponent, double lnScale) {
        double cos = Math.cos(theta);
        double sinAlpha = Math.sin(alpha * theta);
        if (cos <= 0 || sinAlpha <= 0) {
            // The end points: the limits of exp(−x^e V) there are 0 or 1 depending on the sign of e.
            boolean vInfinite = (theta <= 0) == (exponent > 0);
            return vInfinite ? 0 : 1;
        }
        double lnV = exponent * (Math.log(cos) - Math.log(sinAlpha)) + Math.log(Math.cos((alpha - 1) * theta)) - Math.log(cos);
        double power = lnScale + lnV;
        if (power > 700) {
            return 0;
        }
        return Math.exp(-Math.exp(power));
    }

    private interface Function {
        double at(double x);
    }

    private static double adaptiveSimpson(Function f, double a, double b) {
        double m = 0.5 * (a + b);
        double fa = f.at(a);
        double fm = f.at(m);
        double fb = f.at(b);
        return simpson(f, a, m, fa, f.at(0.5 * (a + m)), fm, TOLERANCE / 2, MAX_DEPTH)
                + simpson(f, m, b, fm, f.at(0.5 * (m + b)), fb, TOLERANCE / 2, MAX_DEPTH);
    }

    /** Simpson on [a, b], refined until the two halves agree; at least 4 levels deep, so a narrow ramp is not missed. */
    private static double simpson(Function f, double a, double b, double fa, double fm, double fb, double tol, int depth) {
        double m = 0.5 * (a + b);
        double lm = 0.5 * (a + m);
        double rm = 0.5 * (m + b);
        double flm = f.at(lm);
        double frm = f.at(rm);
        double whole = (b - a) / 6 * (fa + 4 * fm + fb);
        double left = (m - a) / 6 * (fa + 4 * flm + fm);
        double right = (b - m) / 6 * (fm + 4 * frm + fb);
        double delta = left + right - whole;
        if (depth <= 0 || (Math.abs(delta) <= 15 * tol && depth < MAX_DEPTH - 4)) {
            return left + right + delta / 15;
        }
        return simpson(f, a, m, fa, flm, fm, tol / 2, depth - 1) + simpson(f, m, b, fm, frm, fb, tol / 2, depth - 1);
    }

    private static void checkAlpha(double alpha) {
        if (!(alpha > 0 && alpha <= 2)) {
            throw new IllegalArgumentException("alpha must be in (0, 2], was " + alpha);
        }
    }
}
