package dev.tailwatch.math.layer;

import dev.tailwatch.math.UsableValues;

/**
 * A uniform random sample of bounded size from a stream of floats, seeded so that a replay of the same
 * stream keeps the same sample. Estimators that need the whole sample sorted (McCulloch's quantiles,
 * Hill's upper order statistics) run on it instead of on every value of a window.
 *
 * <p>Li's Algorithm L: once the reservoir is full it draws how many values to skip before the next
 * replacement, so a value costs nothing but an index step and the random draws grow only with
 * k·log(n/k). The sample is of all values offered; {@link #usableValues} leaves out ±0, NaN and ±Inf.
 *
 * <p>Algorithm L's ln U terms are drawn directly as −E, E a standard exponential variate
 * ({@code nextExponential}, a ziggurat that rarely needs a logarithm): a replacement then costs one exp
 * and one log1p instead of two logarithms, a log1p and an exp, and replacements were what a value cost here.
 *
 * <p>The draws come from {@link SplitMix64}, the generator of {@code java.util.SplittableRandom} with a
 * readable state, so that {@link #state()} and {@link #restore} capture the random stream too.
 */
public final class Reservoir {

    private final float[] sample;
    private final SplitMix64 random;
    private long seen;
    /** Index (in the whole stream) of the next value that replaces one in the sample. */
    private long nextReplacement;
    private double w;

    public Reservoir(int capacity, long seed) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.sample = new float[capacity];
        this.random = new SplitMix64(seed);
        this.w = Math.exp(-random.nextExponential() / capacity);
        this.nextReplacement = capacity + skip();
    }

    private Reservoir(State state) {
        if (state.capacity() < 1 || state.sample().length != Math.min(state.seen(), state.capacity())) {
            throw new IllegalArgumentException("a reservoir of capacity " + state.capacity() + " that saw " + state.seen()
                    + " values holds min(seen, capacity) of them, not " + state.sample().length);
        }
        this.sample = new float[state.capacity()];
        System.arraycopy(state.sample(), 0, sample, 0, state.sample().length);
        this.random = new SplitMix64(state.randomState());
        this.seen = state.seen();
        this.nextReplacement = state.nextReplacement();
        this.w = state.w();
    }

    /**
     * The reservoir's exact state, for snapshots.
     *
     * @param capacity        the sample size
     * @param sample          the values held, min(seen, capacity) of them (the rest of the array is unused)
     * @param seen            values offered so far
     * @param nextReplacement index in the stream of the next value that replaces one in the sample
     * @param w               Algorithm L's running weight
     * @param randomState     the generator's state: without it a restored reservoir would draw other replacements
     */
    public record State(int capacity, float[] sample, long seen, long nextReplacement, double w, long randomState) {
    }

    /** A copy of the reservoir's exact state. */
    public State state() {
        return new State(sample.length, values(), seen, nextReplacement, w, random.state());
    }

    /** A reservoir that goes on exactly as the one the state was taken from. */
    public static Reservoir restore(State state) {
        return new Reservoir(state);
    }

    /** Offers every value of the array, in order. */
    public void offer(float[] values) {
        int i = 0;
        while (seen < sample.length && i < values.length) {
            sample[(int) seen++] = values[i++];
        }
        while (i < values.length) {
            long step = nextReplacement - seen;
            if (step >= values.length - i) {
                seen += values.length - i;
                return;
            }
            i += (int) step;
            seen += step;
            sample[random.nextInt(sample.length)] = values[i++];
            seen++;
            w *= Math.exp(-random.nextExponential() / sample.length);
            nextReplacement = seen + skip();
        }
    }

    /** Values to pass over before the next replacement, geometric with parameter w. */
    private long skip() {
        return (long) Math.floor(-random.nextExponential() / Math.log1p(-w));
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

    /** The sample without ±0, NaN and ±Inf. */
    public float[] usableValues() {
        return UsableValues.compactFloats(values());
    }
}
