package dev.tailwatch.cli;

import dev.tailwatch.math.HillEstimator;
import dev.tailwatch.math.McCullochEstimator;
import dev.tailwatch.math.MohammadiEstimator;
import dev.tailwatch.math.TailIndexEstimator;

/** The estimators the CLI offers, by the names used on the command line. */
enum EstimatorChoice {
    mohammadi,
    mcculloch,
    hill;

    /** The estimator, with K1 fixed when given (0 = automatic; only the Mohammadi estimator has blocks). */
    TailIndexEstimator create(int fixedK1) {
        switch (this) {
            case mohammadi:
                return fixedK1 == 0 ? new MohammadiEstimator() : new MohammadiEstimator(fixedK1);
            case mcculloch:
                return new McCullochEstimator();
            case hill:
                return new HillEstimator();
            default:
                throw new IllegalStateException("unknown estimator " + this);
        }
    }
}
