package dev.tailwatch.math.layer;

import dev.tailwatch.math.MohammadiStats;

/**
 * When an SαS law fits a coordinate's noise better than a Gaussian ("SαS wins").
 *
 * <p>The Gaussian is the member α = 2 of the SαS family, so the two fits are nested and the comparison is
 * a test of α = 2 against α &lt; 2: SαS wins when the one-sided 95 % upper confidence bound of α̂_i,
 * α̂_i + 1.645·se(α̂_i), is below 2. A Gaussian coordinate therefore "loses" except for about 5 % false
 * wins, whatever the sample size; a heavy-tailed one wins once its α̂_i is far enough from 2 for its
 * sample size. Likelihood-ratio tests say the same for nested fits but need the SαS density per value,
 * which has no closed form; this needs only the estimator's sufficient statistics, so it stays O(1)
 * per coordinate and mergeable.
 *
 * <p>What it does not claim: it says α &lt; 2 fits better than α = 2, not that the noise is exactly
 * stable. A Student-t(3) coordinate also wins (its α̂ is about 1.78 for large samples).
 */
public final class SasFitCriterion {

    /** One-sided 95 % standard-normal quantile. */
    public static final double Z_ONE_SIDED_95 = 1.6448536269514722;

    private SasFitCriterion() {
    }

    /** Whether the statistics reject the Gaussian (α = 2) in favour of an SαS law with α &lt; 2. */
    public static boolean sasWins(MohammadiStats stats) {
        return sasWins(stats.alpha(), stats.stderr());
    }

    /** As {@link #sasWins(MohammadiStats)} from an estimate and its standard error; false when either is not finite. */
    public static boolean sasWins(double alpha, double stderr) {
        if (!Double.isFinite(alpha) || !Double.isFinite(stderr)) {
            return false;
        }
        return alpha + Z_ONE_SIDED_95 * stderr < 2.0;
    }
}
