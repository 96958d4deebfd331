package dev.tailwatch.math.detect;

import dev.tailwatch.math.AlphaResult;
import dev.tailwatch.math.MohammadiEstimator;
import dev.tailwatch.math.StableSampler;
import java.util.function.LongToDoubleFunction;

/**
 * α̂ series with realistic noise: at each iteration K SαS(α_t) values are drawn and estimated, so the
 * detectors see the estimator's real error, not a Gaussian assumption.
 */
final class SyntheticAlphaSeries {

    private final LongToDoubleFunction path;
    private final int valuesPerIteration;
    private final long seed;
    private final MohammadiEstimator estimator = new MohammadiEstimator();
    private final float[] buffer;

    SyntheticAlphaSeries(LongToDoubleFunction path, int valuesPerIteration, long seed) {
        this.path = path;
        this.valuesPerIteration = valuesPerIteration;
        this.seed = seed;
        this.buffer = new float[valuesPerIteration];
    }

    AlphaResult at(long iteration) {
        new StableSampler(path.applyAsDouble(iteration), 1.0, seed * 1_000_003L + iteration).fill(buffer);
        return estimator.estimate(buffer);
    }

    int valuesPerIteration() {
        return valuesPerIteration;
    }
}
