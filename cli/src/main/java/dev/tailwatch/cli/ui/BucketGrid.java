package dev.tailwatch.cli.ui;

/**
 * Equal-width buckets of iterations, at most {@code capacity} of them: when an iteration lands beyond the
 * last bucket the width doubles and each pair of neighbours merges into one. So a series costs bounded memory
 * however long the run, and a short run keeps every point (width 1). Subclasses keep what a bucket holds.
 * Not thread-safe: the owner synchronises.
 */
abstract class BucketGrid {

    private final int capacity;
    private long origin;
    private long width = 1;
    private int used;
    private boolean started;

    BucketGrid(int capacity) {
        if (capacity < 2 || capacity % 2 != 0) {
            throw new IllegalArgumentException("capacity must be even and at least 2, was " + capacity);
        }
        this.capacity = capacity;
    }

    /** The bucket of this iteration, widening the grid if it lies beyond the last. */
    final int bucketOf(long iteration) {
        if (!started) {
            origin = iteration;
            started = true;
        }
        // An iteration before the first seen (rare: records of a run are ordered) joins the first bucket.
        long offset = Math.max(0, iteration - origin);
        while (offset / width >= capacity) {
            halve();
        }
        int index = (int) (offset / width);
        if (index >= used) {
            grow(index + 1);
            used = index + 1;
        }
        return index;
    }

    private void halve() {
        int merged = (used + 1) / 2;
        for (int j = 0; j < merged; j++) {
            int b = 2 * j + 1;
            merge(j, 2 * j, b < used ? b : -1);
        }
        clear(merged, used);
        used = merged;
        width *= 2;
    }

    final int used() {
        return used;
    }

    final int capacity() {
        return capacity;
    }

    /** Iterations per bucket now. */
    final long width() {
        return width;
    }

    /** Make room for at least {@code buckets} buckets (never more than the capacity is asked for). */
    abstract void grow(int buckets);

    /** Bucket {@code into} becomes buckets {@code a} and {@code b} together ({@code b} may be -1: none); into ≤ a. */
    abstract void merge(int into, int a, int b);

    /** Buckets [from, to) become empty. */
    abstract void clear(int from, int to);

    /** Array length for {@code buckets}, grown in doubling steps up to the capacity. */
    final int grownLength(int current, int buckets) {
        int length = Math.max(16, current);
        while (length < buckets) {
            length *= 2;
        }
        return Math.min(length, capacity);
    }
}
