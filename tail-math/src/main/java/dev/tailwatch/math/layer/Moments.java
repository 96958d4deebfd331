package dev.tailwatch.math.layer;

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
