package dev.tailwatch.math;

/**
 * Estimates the tail index α of a sample of gradient-noise values.
 *
 * <p>Every implementation first drops values that are ±0.0, NaN or ±Inf and counts them
 * ({@link UsableValues}); exact zeros in particular bias every log-based estimator.
 */
public interface TailIndexEstimator {

    /** Short lower-case name used on the CLI, in topics and in metric labels. */
    String name();

    /** Estimates α from float32 values; arithmetic is done in double. */
    AlphaResult estimate(float[] values);

    /** Estimates α from float64 values. */
    AlphaResult estimate(double[] values);
}
