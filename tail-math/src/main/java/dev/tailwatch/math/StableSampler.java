package dev.tailwatch.math;

import java.util.SplittableRandom;

/**
 * Draws symmetric α-stable values by the Chambers–Mallows–Stuck method.
 *
 * <p>SαS(α, σ) has characteristic function exp(−|σt|^α): at α = 2 it is N(0, 2σ²), at α = 1 Cauchy(σ).
 * Seeded and deterministic, so tests and simulated runs are reproducible.
 */
public final class StableSampler {

    private final double alpha;
    private final double scale;
    private final SplittableRandom random;

    /**
     * @param alpha tail index in (0, 2]
     * @param scale σ &gt; 0
     * @param seed  seed of the underlying generator
     */
    public StableSampler(double alpha, double scale, long seed) {
        if (!(alpha > 0.0 && alpha <= 2.0)) {
            throw new IllegalArgumentException("alpha must be in (0, 2], was " + alpha);
        }
        if (!(scale > 0.0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("scale must be positive and finite, was " + scale);
        }
        this.alpha = alpha;
        this.scale = scale;
        this.random = new SplittableRandom(seed);
    }

    public double alpha() {
        return alpha;
    }

    /** One SαS(α, σ) value. */
    public double next() {
        double v = Math.PI * (uniformOpen() - 0.5);
        if (alpha == 1.0) {
            return scale * Math.tan(v);
        }
        double w = -Math.log(uniformOpen());
        double x = Math.sin(alpha * v) / Math.pow(Math.cos(v), 1.0 / alpha)
                * Math.pow(Math.cos(v - alpha * v) / w, (1.0 - alpha) / alpha);
        return scale * x;
    }

    /** Fills the array with independent draws. */
    public void fill(double[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = next();
        }
    }

    /** Fills the array with independent draws rounded to float32. */
    public void fill(float[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) next();
        }
    }

    /** A new array of n draws rounded to float32. */
    public float[] floats(int n) {
        float[] out = new float[n];
        fill(out);
        return out;
    }

    /** A new array of n draws. */
    public double[] doubles(int n) {
        double[] out = new double[n];
        fill(out);
        return out;
    }

    /** Uniform on the open interval (0, 1): both ends would send the formula to ±∞ or 0/0. */
    private double uniformOpen() {
        double u;
        do {
            u = random.nextDouble();
        } while (u == 0.0);
        return u;
    }
}
