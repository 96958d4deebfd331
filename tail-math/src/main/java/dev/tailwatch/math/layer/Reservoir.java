package dev.tailwatch.math.layer;

import java.util.SplittableRandom;

/**
 * A uniform random sample of bounded size from a stream of floats (Vitter's Algorithm R), seeded so that
 * a replay of the same stream keeps the same sample. Estimators that need the whole sample sorted
 * (McCulloch's quantiles, Hill's upper order statistics) run on it instead of on every value of a window.
 */
public final class Reservoir {

    private final float[] sample;
    private final SplittableRandom random;
    private long seen;

    public Reservoir(int capacity, long seed) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.sample = new float[capacity];
        this.random = new SplittableRandom(seed);
    }

    public void offer(float value) {
        if (seen < sample.length) {
            sample[(int) seen] = value;
        } else {
            long slot = random.nextLong(seen + 1);
            if (slot < sample.length) {
                sample[(int) slot] = value;
            }
        }
        seen++;
    }

    /** How many values were offered. */
    public long seen() {
        return seen;
    }

    /** A copy of the sample held: min(seen, capacity) values. */
    public float[] values() {
        float[] copy = new float[(int) Math.min(seen, sample.length)];
        System.arraycopy(sample, 0, copy, 0, copy.length);
        return copy;
    }
}
