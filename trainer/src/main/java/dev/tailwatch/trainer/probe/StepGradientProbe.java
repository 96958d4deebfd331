package dev.tailwatch.trainer.probe;

import java.util.List;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/**
 * What the probes that read the training step's own gradient share: the layers and tracked coordinates they
 * read, where their samples go, and the minibatch size that turns DL4J's summed gradient into the mean one.
 */
abstract class StepGradientProbe extends BaseTrainingListener implements TrainingProbe {

    protected final List<LayerLayout> layers;
    protected final TrackedCoordinates coordinates;
    protected final NoiseSink sink;
    protected int batchSize = 1;

    StepGradientProbe(List<LayerLayout> layers, TrackedCoordinates coordinates, NoiseSink sink) {
        this.layers = layers;
        this.coordinates = coordinates;
        this.sink = sink;
    }

    /** The minibatch size of the coming steps (DL4J's gradient is the minibatch sum). */
    public void batchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    @Override
    public TrainingListener listener() {
        return this;
    }
}
