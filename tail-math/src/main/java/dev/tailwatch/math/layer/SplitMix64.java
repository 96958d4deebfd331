package dev.tailwatch.math.layer;

import java.util.random.RandomGenerator;

/**
 * The generator of {@link java.util.SplittableRandom} (SplitMix64: a 64-bit counter stepped by the golden
 * gamma, each step mixed into the output), here so that its one word of state can be read and set: the
 * JDK class hides it, and a reservoir restored from a snapshot must go on drawing exactly the numbers
 * the original would have drawn.
 *
 * <p>{@code SplittableRandom} declares only {@code nextInt()} and {@code nextLong()}; every other draw
 * ({@code nextInt(bound)}, {@code nextExponential()}) is a {@link RandomGenerator} default built on those
 * two. This class declares the same two, so a generator seeded like {@code new SplittableRandom(seed)}
 * gives the same sequence of every kind of draw ({@code SplitMix64Test} compares them).
 */
final class SplitMix64 implements RandomGenerator {

    /** The odd increment {@code SplittableRandom(long seed)} uses: 2^64 divided by the golden ratio. */
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private long state;

    /**
     * @param state the counter; a fresh generator's is its seed
     */
    SplitMix64(long state) {
        this.state = state;
    }

    /** The counter: a generator built from it continues this one's sequence exactly. */
    long state() {
        return state;
    }

    @Override
    public long nextLong() {
        state += GOLDEN_GAMMA;
        long z = state;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    @Override
    public int nextInt() {
        state += GOLDEN_GAMMA;
        long z = state;
        z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
        return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
    }
}
