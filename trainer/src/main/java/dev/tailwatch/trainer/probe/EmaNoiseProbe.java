package dev.tailwatch.trainer.probe;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;

/**
 * An approximation, kept for comparison (docs/ACCURACY.md): a DL4J TrainingListener that, at every
 * iteration, takes the minibatch gradient training has just computed (before the updater touches it) and
 * publishes, for the tracked coordinates only, its difference from an exponential moving average of the
 * past gradients. It is not the paper's noise: the average lags the full gradient it stands for (by about
 * 1/(1 − β) steps of drift), and a one-row sample gets a smaller block size than the exact probe's m × c
 * matrix, which the estimator's scale-mixing bias punishes; measured, its α reads 0.1–0.3 lower than the
 * exact probe's and keeps falling. {@link StepWindowNoiseProbe}, free as well, is the default instead.
 *
 * <p>Add it with {@code net.addListeners(...)} to any training loop over a MultiLayerNetwork.
 */
public final class EmaNoiseProbe extends StepGradientProbe {

    private final double decay;
    private final int warmup;
    private float[][] average;
    private long seen;

    /**
     * @param decay  EMA decay β: average ← β·average + (1 − β)·g
     * @param warmup iterations whose noise is not published while the average forms
     */
    public EmaNoiseProbe(List<LayerLayout> layers, TrackedCoordinates coordinates, double decay, int warmup,
                            NoiseSink sink) {
        super(layers, coordinates, sink);
        if (!(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("EMA decay must be in (0, 1), was " + decay);
        }
        this.decay = decay;
        this.warmup = warmup;
    }

    @Override
    public void onGradientCalculation(Model model) {
        MultiLayerNetwork net = (MultiLayerNetwork) model;
        float[][] g = GradientReader.tracked(net.getFlattenedGradients(), layers, coordinates, batchSize);
        long iteration = net.getIterationCount();
        if (average == null) {
            average = g;
            seen = 1;
            return;
        }
        List<ProbedNoise> out = seen >= warmup ? new ArrayList<>(layers.size()) : null;
        for (int l = 0; l < layers.size(); l++) {
            float[] gl = g[l];
            float[] al = average[l];
            float[] noise = out == null ? null : new float[gl.length];
            for (int j = 0; j < gl.length; j++) {
                if (noise != null) {
                    noise[j] = gl[j] - al[j];
                }
                al[j] = (float) (decay * al[j] + (1 - decay) * gl[j]);
            }
            if (out != null) {
                out.add(new ProbedNoise(iteration, layers.get(l).name(), l, layers.size(), true, 1, gl.length, noise,
                        coordinates.networkColumns(l)));
            }
        }
        seen++;
        if (out != null) {
            sink.noise(iteration, out);
        }
    }
}
