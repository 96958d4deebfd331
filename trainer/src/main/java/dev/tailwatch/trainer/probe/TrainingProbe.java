package dev.tailwatch.trainer.probe;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;

/**
 * A gradient-noise probe attached to a training loop. A probe may read the step's own gradient through a
 * DL4J listener (called by the optimizer inside {@code fit}, never by {@code computeGradientAndScore}) and
 * may measure between steps; it must leave parameters and updater state alone, so the trajectory is the
 * same with or without it, and several probes can watch one run side by side (the agreement bench does).
 */
public interface TrainingProbe {

    /** The listener to add to the network for the run, or null. */
    default TrainingListener listener() {
        return null;
    }

    /** Called after step {@code iteration}, at the weights the next step starts from. */
    default void afterStep(MultiLayerNetwork net, long iteration) {
    }
}
