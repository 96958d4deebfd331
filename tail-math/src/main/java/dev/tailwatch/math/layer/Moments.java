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

    /**
     * The exact state, for snapshots: the count, the mean and the central sums M2, M3, M4.
     */
    public record State(long n, double mean, double m2, double m3, double m4) {
    }

    /** The exact state. */
    public State state() {
        return new State(n, mean, m2, m3, m4);
    }

    /** Moments that go on exactly as those the state was taken from. */
    public static Moments restore(State state) {
        Moments m = new Moments();
        m.n = state.n();
        m.mean = state.mean();
        m.m2 = state.m2();
        m.m3 = state.m3();
        m.m4 = state.m4();
        return m;
    }

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
     * one update per value. When every value is usable (the usual case) each pass keeps four partial sums
     * per moment: one running sum is a chain of dependent additions, and four independent chains let the
     * additions overlap.
     */
    public void addUsable(float[] values) {
        int n = values.length;
        int quads = n & ~3;
        long nb = 0;
        double sum0 = 0;
        double sum1 = 0;
        double sum2 = 0;
        double sum3 = 0;
        for (int i = 0; i < quads; i += 4) {
            float v0 = values[i];
            float v1 = values[i + 1];
            float v2 = values[i + 2];
            float v3 = values[i + 3];
            // An unusable value adds 0 and is not counted.
            boolean u0 = UsableValues.isUsable(v0);
            boolean u1 = UsableValues.isUsable(v1);
            boolean u2 = UsableValues.isUsable(v2);
            boolean u3 = UsableValues.isUsable(v3);
            sum0 += u0 ? v0 : 0f;
            sum1 += u1 ? v1 : 0f;
            sum2 += u2 ? v2 : 0f;
            sum3 += u3 ? v3 : 0f;
            nb += (u0 ? 1 : 0) + (u1 ? 1 : 0) + (u2 ? 1 : 0) + (u3 ? 1 : 0);
        }
        for (int i = quads; i < n; i++) {
            if (UsableValues.isUsable(values[i])) {
                nb++;
                sum0 += values[i];
            }
        }
        if (nb == 0) {
            return;
        }
        if (nb < n) {
            addSomeUsable(values);
            return;
        }
        double meanB = ((sum0 + sum1) + (sum2 + sum3)) / nb;
        double[] central = centralSumsAllUsable(values, meanB);
        merge(nb, meanB, central[0], central[1], central[2]);
    }

    /** The rare case of an array with unusable values: simple loops that test every value. */
    private void addSomeUsable(float[] values) {
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
        for (float v : values) {
            if (UsableValues.isUsable(v)) {
                double d = v - meanB;
                double d2 = d * d;
                m2b += d2;
                m3b += d2 * d;
                m4b += d2 * d2;
            }
        }
        merge(nb, meanB, m2b, m3b, m4b);
    }

    /** Σd², Σd³, Σd⁴ of d = v − mean over every value, four partial sums each. */
    private static double[] centralSumsAllUsable(float[] values, double mean) {
        int quads = values.length & ~3;
        double a2 = 0;
        double b2 = 0;
        double c2 = 0;
        double e2 = 0;
        double a3 = 0;
        double b3 = 0;
        double c3 = 0;
        double e3 = 0;
        double a4 = 0;
        double b4 = 0;
        double c4 = 0;
        double e4 = 0;
        for (int i = 0; i < quads; i += 4) {
            double da = values[i] - mean;
            double db = values[i + 1] - mean;
            double dc = values[i + 2] - mean;
            double de = values[i + 3] - mean;
            double da2 = da * da;
            double db2 = db * db;
            double dc2 = dc * dc;
            double de2 = de * de;
            a2 += da2;
            b2 += db2;
            c2 += dc2;
            e2 += de2;
            a3 += da2 * da;
            b3 += db2 * db;
            c3 += dc2 * dc;
            e3 += de2 * de;
            a4 += da2 * da2;
            b4 += db2 * db2;
            c4 += dc2 * dc2;
            e4 += de2 * de2;
        }
        for (int i = quads; i < values.length; i++) {
            double d = values[i] - mean;
            double d2 = d * d;
            a2 += d2;
            a3 += d2 * d;
            a4 += d2 * d2;
        }
        return new double[] {(a2 + b2) + (c2 + e2), (a3 + b3) + (c3 + e3), (a4 + b4) + (c4 + e4)};
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
