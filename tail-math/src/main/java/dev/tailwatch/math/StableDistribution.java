package dev.tailwatch.math;

/**
 * The symmetric α-stable law SαS(α, 1), characteristic function exp(−|t|^α): α = 2 is N(0, 2), α = 1 the
 * standard Cauchy law.
 *
 * <p>The CDF uses Nolan's (1997) integral representation, which for β = 0 reads, for x &gt; 0 and α ≠ 1,
 * F(x) = c + sign(1 − α)/π · ∫₀^{π/2} exp(−x^{α/(α−1)} V(θ)) dθ with
 * V(θ) = (cos θ / sin αθ)^{α/(α−1)} · cos((α − 1)θ) / cos θ, c = ½ for α &lt; 1 and 1 for α &gt; 1.
 * The integrand is a monotone ramp from 0 to 1 (or back) in θ, bounded by 1, whose width shrinks like
 * |α − 1|; it is integrated by adaptive Simpson quadrature to an absolute error of about 1e-13 (checked
 * against the convergent power series of the law, which agree to ~1e-15).
 *
 * <p><b>Near α = 1.</b> As α → 1 the ramp gets so steep that the integrand's own rounding noise
 * (about 1e-16 · |α/(α−1)| · |ln x|) exceeds what the quadrature would resolve, and the work grows
 * without bound. Two measures keep it bounded: the quadrature never asks for more accuracy than that
 * noise allows, and for 0 &lt; |α − 1| &lt; {@value #NEAR_ONE} the CDF is the quadratic interpolation in α
 * through α = 1 − {@value #NEAR_ONE}, 1 (Cauchy, exact) and 1 + {@value #NEAR_ONE}. F is smooth in α, so
 * the interpolation error is O({@value #NEAR_ONE}³) — below 1e-10 in the tests.
 *
 * <p>Used offline to build {@link McCullochTable} and by tests; at ~1 ms per CDF value it is too slow for
 * per-value work on a hot path.
 */
public final class StableDistribution {

    /** Half-width of the band around α = 1 where the CDF is interpolated in α instead of integrated. */
    public static final double NEAR_ONE = 1e-3;

    private static final double HALF_PI = Math.PI / 2;
    private static final double TOLERANCE = 1e-13;
    private static final int MAX_DEPTH = 50;
    private static final int MIN_DEPTH = 5;

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
            return cauchyCdf(x);
        }
        if (Math.abs(alpha - 1) < NEAR_ONE) {
            return interpolatedNearOne(x, alpha);
        }
        return nolanCdf(x, alpha);
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

    /**
     * The density, by Richardson-extrapolated central differences of the CDF (step h = 2e-4 · max(1, |x|)),
     * which balances the O(h⁴) truncation (largest at x = 0 for small α, where f is sharply peaked) against
     * the CDF's ~1e-14 error divided by h: about 1e-10 relative against the closed forms at α = 0.5, 1, 2.
     */
    public static double density(double x, double alpha) {
        checkAlpha(alpha);
        double h = 2e-4 * Math.max(1, Math.abs(x));
        double fine = (cdf(x + h, alpha) - cdf(x - h, alpha)) / (2 * h);
        double coarse = (cdf(x + 2 * h, alpha) - cdf(x - 2 * h, alpha)) / (4 * h);
        return (4 * fine - coarse) / 3;
    }

    private static double cauchyCdf(double x) {
        return 0.5 + Math.atan(x) / Math.PI;
    }

    /** Lagrange interpolation in α through 1 − d, 1, 1 + d (see the class comment for why). */
    private static double interpolatedNearOne(double x, double alpha) {
        double below = nolanCdf(x, 1 - NEAR_ONE);
        double at = cauchyCdf(x);
        double above = nolanCdf(x, 1 + NEAR_ONE);
        double t = (alpha - 1) / NEAR_ONE;
        return at + t * (above - below) / 2 + t * t * (above - 2 * at + below) / 2;
    }

    /** Nolan's integral for x &gt; 0, α ≠ 1, without the interpolation near 1 (package-private for tests). */
    static double nolanCdf(double x, double alpha) {
        double exponent = alpha / (alpha - 1);
        double lnScale = exponent * Math.log(x);
        // Rounding in ln g(θ) is about ulp(1)·(|lnScale| + |exponent|·O(1)); the integrand's slope in ln g is
        // at most 1/e, so this is its noise per evaluation, and no quadrature can resolve finer.
        double noise = 8 * Math.ulp(1.0) * (Math.abs(lnScale) + Math.abs(exponent) + 1);
        double integral = adaptiveSimpson(theta -> integrand(theta, alpha, exponent, lnScale), 0, HALF_PI, noise);
        return alpha < 1 ? 0.5 + integral / Math.PI : 1 - integral / Math.PI;
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

    /**
     * ∫ f over [a, b] to about {@link #TOLERANCE}, or to {@code noise} · (b − a) where the integrand is
     * only known that well: halving the tolerance with each split while the noise stays put would
     * otherwise refine a noisy stretch down to the maximum depth everywhere, 2^depth evaluations.
     */
    private static double adaptiveSimpson(Function f, double a, double b, double noise) {
        double fa = f.at(a);
        double fm = f.at(0.5 * (a + b));
        double fb = f.at(b);
        return simpson(f, a, b, fa, fm, fb, TOLERANCE, noise, 0);
    }

    /** Simpson on [a, b], refined until the two halves agree; at least MIN_DEPTH levels, so a narrow ramp is seen. */
    private static double simpson(Function f, double a, double b, double fa, double fm, double fb,
            double tol, double noise, int depth) {
        double m = 0.5 * (a + b);
        double flm = f.at(0.5 * (a + m));
        double frm = f.at(0.5 * (m + b));
        double whole = (b - a) / 6 * (fa + 4 * fm + fb);
        double left = (m - a) / 6 * (fa + 4 * flm + fm);
        double right = (b - m) / 6 * (fm + 4 * frm + fb);
        double delta = left + right - whole;
        double accepted = Math.max(tol, noise * (b - a));
        if (depth >= MAX_DEPTH || (depth >= MIN_DEPTH && Math.abs(delta) <= 15 * accepted)) {
            return left + right + delta / 15;
        }
        return simpson(f, a, m, fa, flm, fm, tol / 2, noise, depth + 1)
                + simpson(f, m, b, fm, frm, fb, tol / 2, noise, depth + 1);
    }

    private static void checkAlpha(double alpha) {
        if (!(alpha > 0 && alpha <= 2)) {
            throw new IllegalArgumentException("alpha must be in (0, 2], was " + alpha);
        }
    }
}
