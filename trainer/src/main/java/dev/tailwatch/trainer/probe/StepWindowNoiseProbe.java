package dev.tailwatch.trainer.probe;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The default live measurement: the exact probe's formula on the steps training takes anyway — the
 * minibatch gradients g_1 … g_m of m consecutive steps, centred on their mean (noise = g_i − mean), for the
 * tracked coordinates. Free like the moving-average probe: nothing is recomputed. Unlike a trailing moving
 * average, the mean of a window centred on the rows it is subtracted from cancels the linear drift of the
 * full gradient over the window. What it cannot cancel: the weights move over the m steps, so the rows
 * also carry the full gradient's fluctuation along the path. Measured against the exact probe on the same
 * runs (docs/ACCURACY.md), its rolling α is typically 0.03–0.07 lower network-wide and up to ~0.1 lower in a layer.
 *
 * <p>A sample has m rows and is published every {@code every} iterations from the last m steps of each
 * period: the exact probe's shape and cadence, so at one block size the two are compared like for like and
 * rolling windows span the same iterations.
 *
 * <p>Add it with {@code net.addListeners(...)} to any training loop over a MultiLayerNetwork.
 */
public final class StepWindowNoiseProbe extends StepGradientProbe {

    private final int every;
    private final int steps;
    private float[][][] window;
    private int filled;

    /**
     * @param every a sample every this many iterations, at the iteration that ends each period
     * @param steps rows per sample: consecutive steps, 2 ≤ steps ≤ every
     */
    public StepWindowNoiseProbe(List<LayerLayout> layers, TrackedCoordinates coordinates, int every, int steps, NoiseSink sink) {
        super(layers, coordinates, sink);
        if (steps < 2 || steps > every) {
            throw new IllegalArgumentException("the window probe centres " + steps
                    + " consecutive steps per sample, which must be at least 2 and fit in a period of " + every + " iterations");
        }
        this.every = every;
        this.steps = steps;
    }

    @Override
    public void onGradientCalculation(Model model) {
        MultiLayerNetwork net = (MultiLayerNetwork) model;
        long iteration = net.getIterationCount();
        long row = iteration % every - (every - (long) steps);
        if (row < 0) {
            return;
        }
        if (row == 0) {
            window = new float[steps][][];
            filled = 0;
        }
        if (window == null) {
            return;
        }
        window[(int) row] = GradientReader.tracked(net.getFlattenedGradients(), layers, coordinates, batchSize);
        filled++;
        if (row == steps - 1) {
            // A window with a step missing (an iteration count that skipped) is not published.
            if (filled == steps) {
                List<ProbedNoise> out = new ArrayList<>(layers.size());
                for (int l = 0; l < layers.size(); l++) {
                    out.add(new ProbedNoise(iteration, layers.get(l).name(), l, layers.size(), true, steps,
                            coordinates.of(l).length, ExactNoiseProbe.centred(window, l), coordinates.networkColumns(l)));
                }
                sink.noise(iteration, out);
            }
            window = null;
        }
    }
}
