package dev.tailwatch.math;

/**
 * Chooses the block size K1 for N usable values.
 *
 * <p>DESIGN.md asks for "the divisor of N closest to √N". For a divisor d ≤ √N its partner N/d satisfies
 * N/d − √N ≥ √N − d (AM–GM), so the closest divisor is always the largest divisor ≤ √N — the rule of
 * the reference code. The two rules therefore agree, and that divisor uses every value. When it is 1
 * (N prime), K1 = ⌊√N⌋ and the last N − K1·⌊N/K1⌋ values are truncated.
 */
public final class BlockSize {

    /** Fewest usable values the automatic rule accepts: K1 = K2 = 2. */
    public static final long MIN_VALUES = 4;

    private BlockSize() {
    }

    /** The automatic K1 for n usable values. */
    public static int auto(long n) {
        if (n < MIN_VALUES) {
            throw new IllegalArgumentException("only " + n + " usable values; need at least " + MIN_VALUES);
        }
        int root = floorSqrt(n);
        for (int d = root; d >= 2; d--) {
            if (n % d == 0) {
                return d;
            }
        }
        return root;
    }

    /** ⌊√n⌋ exactly (Math.sqrt alone can be off by one for large n). */
    static int floorSqrt(long n) {
        long r = (long) Math.sqrt((double) n);
        while (r * r > n) {
            r--;
        }
        while ((r + 1) * (r + 1) <= n) {
            r++;
        }
        return (int) r;
    }
}
