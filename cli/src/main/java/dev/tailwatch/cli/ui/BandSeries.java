package dev.tailwatch.cli.ui;

import java.util.Arrays;

/**
 * A band (low, high) over iterations in bounded memory, for the α_i 10–90 % band: each bucket keeps the
 * lowest low and the highest high of the windows in it — the envelope, so the band only widens when
 * downsampled and a window's extreme is never hidden. One point per bucket, at its first window's iteration.
 */
final class BandSeries extends BucketGrid {

    private long[] iteration = new long[0];
    private double[] low = new double[0];
    private double[] high = new double[0];

    BandSeries(int capacity) {
        super(capacity);
    }

    /** Adds a window's band; one with a missing or non-finite end is left out. */
    void add(long at, Double lo, Double hi) {
        if (lo == null || hi == null || !Double.isFinite(lo) || !Double.isFinite(hi)) {
            return;
        }
        int b = bucketOf(at);
        if (Double.isNaN(low[b])) {
            iteration[b] = at;
            low[b] = lo;
            high[b] = hi;
            return;
        }
        iteration[b] = Math.min(iteration[b], at);
        low[b] = Math.min(low[b], lo);
        high[b] = Math.max(high[b], hi);
    }

    /** The kept bands in iteration order. */
    void forEachBand(BandSink sink) {
        for (int b = 0; b < used(); b++) {
            if (!Double.isNaN(low[b])) {
                sink.band(iteration[b], low[b], high[b]);
            }
        }
    }

    /** Receives kept bands. */
    interface BandSink {
        void band(long iteration, double low, double high);
    }

    @Override
    void grow(int buckets) {
        if (buckets <= low.length) {
            return;
        }
        int n = grownLength(low.length, buckets);
        int old = low.length;
        iteration = Arrays.copyOf(iteration, n);
        low = Arrays.copyOf(low, n);
        high = Arrays.copyOf(high, n);
        Arrays.fill(low, old, n, Double.NaN);
        Arrays.fill(high, old, n, Double.NaN);
    }

    @Override
    void merge(int into, int a, int b) {
        long it = iteration[a];
        double lo = low[a];
        double hi = high[a];
        if (b >= 0 && !Double.isNaN(low[b])) {
            if (Double.isNaN(lo)) {
                it = iteration[b];
                lo = low[b];
                hi = high[b];
            } else {
                lo = Math.min(lo, low[b]);
                hi = Math.max(hi, high[b]);
            }
        }
        iteration[into] = it;
        low[into] = lo;
        high[into] = hi;
    }

    @Override
    void clear(int from, int to) {
        Arrays.fill(low, from, to, Double.NaN);
        Arrays.fill(high, from, to, Double.NaN);
    }
}
