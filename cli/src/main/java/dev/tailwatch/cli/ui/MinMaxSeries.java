package dev.tailwatch.cli.ui;

import java.util.Arrays;

/**
 * One (iteration, value) series in bounded memory, downsampled as it grows: each bucket of iterations keeps
 * its lowest and its highest point. Min and max merge exactly, so a one-iteration spike is still drawn after
 * a million iterations — an average or every n-th point would smooth it away or skip it. At most two points
 * per bucket reach the page.
 */
final class MinMaxSeries extends BucketGrid {

    private long[] minIteration = new long[0];
    private long[] maxIteration = new long[0];
    private double[] min = new double[0];
    private double[] max = new double[0];
    private long points;
    private long lastIteration = Long.MIN_VALUE;
    private double last = Double.NaN;

    MinMaxSeries(int capacity) {
        super(capacity);
    }

    /** Adds a point; a value that is not finite is not drawable and is left out. */
    void add(long iteration, double value) {
        if (!Double.isFinite(value)) {
            return;
        }
        int b = bucketOf(iteration);
        if (Double.isNaN(min[b]) || value < min[b]) {
            min[b] = value;
            minIteration[b] = iteration;
        }
        if (Double.isNaN(max[b]) || value > max[b]) {
            max[b] = value;
            maxIteration[b] = iteration;
        }
        points++;
        if (iteration >= lastIteration) {
            lastIteration = iteration;
            last = value;
        }
    }

    /** The value at the newest iteration; NaN before the first point. */
    double last() {
        return last;
    }

    long lastIteration() {
        return lastIteration;
    }

    /** Points added (not kept). */
    long points() {
        return points;
    }

    /** The kept points in iteration order: per bucket its min and max (one point where they coincide). */
    void forEachPoint(PointSink sink) {
        for (int b = 0; b < used(); b++) {
            if (Double.isNaN(min[b])) {
                continue;
            }
            if (minIteration[b] == maxIteration[b]) {
                sink.point(minIteration[b], min[b]);
            } else if (minIteration[b] < maxIteration[b]) {
                sink.point(minIteration[b], min[b]);
                sink.point(maxIteration[b], max[b]);
            } else {
                sink.point(maxIteration[b], max[b]);
                sink.point(minIteration[b], min[b]);
            }
        }
    }

    /** Receives kept points. */
    interface PointSink {
        void point(long iteration, double value);
    }

    @Override
    void grow(int buckets) {
        if (buckets <= min.length) {
            return;
        }
        int n = grownLength(min.length, buckets);
        int old = min.length;
        minIteration = Arrays.copyOf(minIteration, n);
        maxIteration = Arrays.copyOf(maxIteration, n);
        min = Arrays.copyOf(min, n);
        max = Arrays.copyOf(max, n);
        Arrays.fill(min, old, n, Double.NaN);
        Arrays.fill(max, old, n, Double.NaN);
    }

    @Override
    void merge(int into, int a, int b) {
        double lo = min[a];
        long loIt = minIteration[a];
        double hi = max[a];
        long hiIt = maxIteration[a];
        if (b >= 0) {
            if (Double.isNaN(lo) || (!Double.isNaN(min[b]) && min[b] < lo)) {
                lo = min[b];
                loIt = minIteration[b];
            }
            if (Double.isNaN(hi) || (!Double.isNaN(max[b]) && max[b] > hi)) {
                hi = max[b];
                hiIt = maxIteration[b];
            }
        }
        min[into] = lo;
        minIteration[into] = loIt;
        max[into] = hi;
        maxIteration[into] = hiIt;
    }

    @Override
    void clear(int from, int to) {
        Arrays.fill(min, from, to, Double.NaN);
        Arrays.fill(max, from, to, Double.NaN);
    }
}
