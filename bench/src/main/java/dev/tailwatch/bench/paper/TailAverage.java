package dev.tailwatch.bench.paper;

import java.util.List;

/**
 * A run's α "once stationary", as the paper reports it: the mean of the per-iteration estimates over the last
 * part of the run. The standard error is that of a mean of autocorrelated points, from batch means (the points
 * split into 10 consecutive batches), so neighbouring probes that share most of their state do not count as
 * independent. {@code drift} is the second half's mean minus the first half's: near 0 when α has settled.
 */
record TailAverage(int points, double mean, double sd, double stderr, double drift) {

    static final int BATCHES = 10;

    /** The estimates of one series, in iteration order. */
    static TailAverage of(List<Double> alphas) {
        int n = alphas.size();
        if (n == 0) {
            return new TailAverage(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double mean = alphas.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double ss = 0;
        for (double a : alphas) {
            ss += (a - mean) * (a - mean);
        }
        double sd = n > 1 ? Math.sqrt(ss / (n - 1)) : Double.NaN;
        double half = n / 2;
        double first = alphas.subList(0, (int) half).stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double second = alphas.subList((int) half, n).stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        return new TailAverage(n, mean, sd, batchMeansStderr(alphas, mean), second - first);
    }

    private static double batchMeansStderr(List<Double> alphas, double mean) {
        int n = alphas.size();
        int batches = Math.min(BATCHES, n);
        if (batches < 2) {
            return Double.NaN;
        }
        double ss = 0;
        for (int b = 0; b < batches; b++) {
            int from = b * n / batches;
            int to = (b + 1) * n / batches;
            double m = alphas.subList(from, to).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            ss += (m - mean) * (m - mean);
        }
        return Math.sqrt(ss / (batches - 1) / batches);
    }
}
