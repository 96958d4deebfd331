package dev.tailwatch.bench.accuracy;

import dev.tailwatch.streams.analysis.AlphaPoint;
import java.util.Map;
import java.util.TreeMap;

/**
 * How far one α series is from a reference series over a run: at every reference point from
 * {@code from} on, the difference Δ = α − α_ref to the compared probe's latest point at or before it
 * (within {@code maxLag} iterations), and Δ in combined standard errors z = Δ / √(se² + se_ref²) —
 * combined because both are estimates, from samples of different sizes.
 *
 * <p>The tolerance is the issue's: |Δ| ≤ max(0.05, 2 combined se). For rolling α it must hold at every
 * checkpoint. A per-iteration α is a noisy single estimate whose se is known, so for it the test is on the
 * mean difference over the run (its se is the points' combined se over √n): a bias, not scatter, fails it.
 *
 * @param points        reference points compared
 * @param meanDelta     mean Δ
 * @param meanAbsDelta  mean |Δ|
 * @param worstDelta    the Δ of largest magnitude
 * @param worstAt       its iteration
 * @param meanZ         mean Δ in combined se
 * @param worstZ        the z of largest magnitude
 * @param meanSe        mean combined se of one point
 * @param outside       points with |Δ| > max(0.05, 2 combined se)
 */
public record Agreement(int points, double meanDelta, double meanAbsDelta, double worstDelta, long worstAt, double meanZ,
                        double worstZ, double meanSe, int outside) {

    public static final double TOLERANCE = 0.05;

    public static Agreement of(TreeMap<Long, AlphaPoint> compared, TreeMap<Long, AlphaPoint> reference, long from, long maxLag) {
        int n = 0;
        int outside = 0;
        double sumDelta = 0;
        double sumAbs = 0;
        double sumZ = 0;
        double sumSe = 0;
        double worst = 0;
        long worstAt = -1;
        double worstZ = 0;
        for (Map.Entry<Long, AlphaPoint> ref : reference.tailMap(from, true).entrySet()) {
            Map.Entry<Long, AlphaPoint> match = compared.floorEntry(ref.getKey());
            if (match == null || ref.getKey() - match.getKey() > maxLag) {
                continue;
            }
            double delta = match.getValue().alpha() - ref.getValue().alpha();
            double se = Math.sqrt(square(match.getValue().stderr()) + square(ref.getValue().stderr()));
            double z = delta / se;
            n++;
            sumDelta += delta;
            sumAbs += Math.abs(delta);
            sumZ += z;
            sumSe += se;
            if (Math.abs(delta) > Math.max(TOLERANCE, 2 * se)) {
                outside++;
            }
            if (Math.abs(delta) > Math.abs(worst) || worstAt < 0) {
                worst = delta;
                worstAt = ref.getKey();
            }
            if (Math.abs(z) > Math.abs(worstZ)) {
                worstZ = z;
            }
        }
        return new Agreement(n, sumDelta / n, sumAbs / n, worst, worstAt, sumZ / n, worstZ, sumSe / n, outside);
    }

    /** Every checkpoint within max(0.05, 2 combined se): the test for rolling α. */
    public boolean everyPointWithin() {
        return points > 0 && outside == 0;
    }

    /** The mean difference within max(0.05, 2 se of the mean): the test for per-iteration α. */
    public boolean meanWithin() {
        return points > 0 && Math.abs(meanDelta) <= Math.max(TOLERANCE, 2 * meanSe / Math.sqrt(points));
    }

    private static double square(double x) {
        return x * x;
    }
}
