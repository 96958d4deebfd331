package dev.tailwatch.math;

import java.util.Arrays;

/**
 * Order statistics without a full sort. McCulloch needs eight order statistics and Hill the top tenth of a
 * sample; sorting the whole sample for them was a tenth of the stream threads' time at window close.
 */
public final class OrderStatistics {

    private OrderStatistics() {
    }

    /**
     * Rearranges {@code a[from, to)} so that {@code a[k]} holds the value a sort would put there, everything
     * before it is ≤ and everything after it ≥. Deterministic (median-of-three pivots); falls back to a sort
     * when partitioning degenerates, so the worst case stays O(n log n).
     */
    public static void select(double[] a, int from, int to, int k) {
        if (k < from || k >= to) {
            throw new IllegalArgumentException("index " + k + " outside [" + from + ", " + to + ")");
        }
        int lo = from;
        int hi = to - 1;
        int budget = 2 * (32 - Integer.numberOfLeadingZeros(Math.max(1, to - from))) + 8;
        while (hi > lo) {
            if (--budget < 0) {
                Arrays.sort(a, lo, hi + 1);
                return;
            }
            double pivot = medianOfThree(a[lo], a[lo + (hi - lo) / 2], a[hi]);
            // Hoare partition: [lo, j] ≤ pivot ≤ [i, hi], and i > j when it stops.
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return; // between j and i every value equals the pivot
            }
        }
    }

    /**
     * Puts the order statistics at the given indices (ascending, distinct) where a sort would put them;
     * each selection only searches the part above the previous one.
     */
    public static void selectAll(double[] a, int[] ascendingIndices) {
        int from = 0;
        for (int k : ascendingIndices) {
            select(a, from, a.length, k);
            from = k + 1;
        }
    }

    private static double medianOfThree(double x, double y, double z) {
        return Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
    }
}
