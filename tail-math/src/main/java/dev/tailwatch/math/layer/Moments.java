package dev.tailwatch.math.layer;

import dev.tailwatch.math.UsableValues;

/**
 * Running mean and central moments up to the fourth (Pébay's one-pass update), for the excess kurtosis
 * of a stream without holding it. For α &lt; 2 the population kurtosis is infinite: the sample value grows
 * with the sample, which is what makes it a useful, if crude, heavy-tail signal beside α.
 */
public final class Moments {

    private long n;
    private double mean;
    private double m2;
    private double m3;
    private double m4;

    public void add(double x) {
        long n1 = n;
        n++;
        double delta = x - mean;
        double deltaN = delta / n;
        double deltaN2 = deltaN * deltaN;
        double term1 = delta * deltaN * n1;
        mean += deltaN;
        m4 += term1 * deltaN2 * ((double) n * n - 3.0 * n + 3) + 6 * deltaN2 * m2 - 4 * deltaN * m3;
        m3 += term1 * deltaN * (n - 2) - 3 * deltaN * m2;
        m2 += term1;
    }

    /**
     * Adds the usable values of an array (±0, NaN and ±Inf left out): central sums of the array in two
     * passes, then one merge (Pébay's pairwise formulas), which is cheaper per value and more accurate than
     * one update per value.
     */
    public void addUsable(float[] values) {
        long nb = 0;
        double sum = 0;
        for (float v : values) {
            if (UsableValues.isUsable(v)) {
                nb++;
                sum += v;
            }
        }
        if (nb == 0) {
            return;
        }
        double meanB = sum / nb;
        double m2b = 0;
        double m3b = 0;
        double m4b = 0;
        // Every value usable is the usual case: the test is then skipped (loop-invariant, so the JIT hoists it).
        boolean allUsable = nb == values.length;
        for (float v : values) {
            if (allUsable || UsableValues.isUsable(v)) {
                double d = v - meanB;
                double d2 = d * d;
                m2b += d2;
                m3b += d2 * d;
                m4b += d2 * d2;
            }
        }
        merge(nb, meanB, m2b, m3b, m4b);
    }

    private void merge(long nb, double meanB, double m2b, double m3b, double m4b) {
        long na = n;
        double nTotal = na + nb;
        double delta = meanB - mean;
        double delta2 = delta * delta;
        double newM4 = m4 + m4b + delta2 * delta2 * na * nb * ((double) na * na - (double) na * nb + (double) nb * nb) / (nTotal * nTotal * nTotal)
                + 6 * delta2 * ((double) na * na * m2b + (double) nb * nb * m2) / (nTotal * nTotal)
                + 4 * delta * (na * m3b - nb * m3) / nTotal;
        double newM3 = m3 + m3b + delta2 * delta * na * nb * (na - (double) nb) / (nTotal * nTotal)
                + 3 * delta * (na * m2b - nb * m2) / nTotal;
        double newM2 = m2 + m2b + delta2 * na * nb / nTotal;
        mean += delta * nb / nTotal;
        m2 = newM2;
        m3 = newM3;
        m4 = newM4;
        n += nb;
    }

    public long count() {
        return n;
    }

    public double mean() {
        return n == 0 ? Double.NaN : mean;
    }

    /** Population excess kurtosis n·M4/M2² − 3; NaN with fewer than 2 values or no spread. */
    public double excessKurtosis() {
        if (n < 2 || m2 == 0) {
            return Double.NaN;
        }
        return n * m4 / (m2 * m2) - 3.0;
    }
}
