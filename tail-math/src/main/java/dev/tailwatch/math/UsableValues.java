package dev.tailwatch.math;

import java.util.Arrays;

/**
 * The "compact, then block" rule shared by all estimators: values that are ±0.0, NaN or ±Inf carry no
 * tail information (and a single exact zero sends ln|x| to −∞), so they are removed before anything
 * else and only counted.
 */
public final class UsableValues {

    private UsableValues() {
    }

    /** True for finite, non-zero values. */
    public static boolean isUsable(double v) {
        return v != 0.0 && Double.isFinite(v);
    }

    /** True for finite, non-zero values. */
    public static boolean isUsable(float v) {
        int magnitude = Float.floatToRawIntBits(v) & 0x7fffffff;
        return magnitude != 0 && magnitude < 0x7f800000;
    }

    /** Number of usable values in {@code values[from, to)}. */
    public static int count(float[] values, int from, int to) {
        int usable = 0;
        for (int i = from; i < to; i++) {
            if (isUsable(values[i])) {
                usable++;
            }
        }
        return usable;
    }

    /** The usable values in order, widened to double. */
    public static double[] compact(float[] values) {
        double[] out = new double[values.length];
        int n = 0;
        for (float v : values) {
            if (isUsable(v)) {
                out[n++] = v;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** The usable values in order. */
    public static double[] compact(double[] values) {
        double[] out = new double[values.length];
        int n = 0;
        for (double v : values) {
            if (isUsable(v)) {
                out[n++] = v;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** The usable values in order, still as float32 (for the fast float kernel). */
    public static float[] compactFloats(float[] values) {
        float[] out = new float[values.length];
        int n = 0;
        for (float v : values) {
            if (isUsable(v)) {
                out[n++] = v;
            }
        }
        return Arrays.copyOf(out, n);
    }
}
