package dev.tailwatch.trainer.probe;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.api.TrainingListener;

/**
 * The default live measurement, free like the moving-average probe but faithful to the paper's noise:
 * the difference of two consecutive steps' minibatch gradients, (g_{t+1} − g_t)/√2, for the tracked
 * coordinates. Each g is the full gradient plus an independent minibatch noise U; the difference of two
 * independent SαS variables of one α is SαS with that α, so the tail index is kept. The weights move by
 * one step between the two, which adds one step's change of the full gradient — about 1/100 of the lag
 * of a moving average with decay 0.99 (measured against the exact probe: docs/ACCURACY.md).
 *
 * <p>A sample has as many rows as the exact probe has minibatches ({@code pairs}, default 8) and is published
 * every {@code every} iterations (default 20), from the last 2 × pairs steps of each period: the same
 * shape and cadence as the exact probe's samples, so the analysis chooses the same block size K1 and
 * rolling windows span the same iterations. Pairs do not overlap, so the rows are independent. Nothing is
 * recomputed: the cost is reading c gradient entries per layer on 2 × pairs steps of every period.
 *
 * <p>Add it with {@code net.addListeners(...)} to any training loop over a MultiLayerNetwork.
 */
public final class PairedNoiseProbe extends BaseTrainingListener implements TrainingProbe {

    private static final double INV_SQRT2 = 1 / Math.sqrt(2);

    private final List<LayerLayout> layers;
    private final TrackedCoordinates coordinates;
    private final int every;
    private final int pairs;
    private final NoiseSink sink;
    private int batchSize = 1;
    private float[][] first;
    private float[][] rows;
    private int filled;

    /**
     * @param every a sample every this many iterations, at the iteration that ends each period
     * @param pairs rows per sample: pairs of consecutive steps, 2 × pairs ≤ every
     */
    public PairedNoiseProbe(List<LayerLayout> layers, TrackedCoordinates coordinates, int every, int pairs, NoiseSink sink) {
        if (pairs < 1 || 2 * pairs > every) {
            throw new IllegalArgumentException("the paired probe takes 2 × " + pairs
                    + " consecutive steps per sample, which must fit in a period of " + every + " iterations");
        }
        this.layers = layers;
        this.coordinates = coordinates;
        this.every = every;
        this.pairs = pairs;
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

    @Override
    public void onGradientCalculation(Model model) {
        MultiLayerNetwork net = (MultiLayerNetwork) model;
        long iteration = net.getIterationCount();
        long step = iteration % every - (every - 2L * pairs);
        if (step < 0) {
            return;
        }
        float[][] g = GradientReader.tracked(net.getFlattenedGradients(), layers, coordinates, batchSize);
        if (step == 0) {
            rows = new float[layers.size()][];
            for (int l = 0; l < layers.size(); l++) {
                rows[l] = new float[pairs * g[l].length];
            }
            filled = 0;
        }
        if (rows == null) {
            return;
        }
        if (step % 2 == 0) {
            first = g;
            return;
        }
        if (first == null) {
            return;
        }
        int row = (int) (step / 2);
        for (int l = 0; l < layers.size(); l++) {
            float[] a = first[l];
            float[] b = g[l];
            float[] out = rows[l];
            int base = row * b.length;
            for (int j = 0; j < b.length; j++) {
                out[base + j] = (float) (((double) b[j] - a[j]) * INV_SQRT2);
            }
        }
        first = null;
        filled++;
        if (row == pairs - 1) {
            // A sample with a pair missing (an iteration count that skipped) is not published half empty.
            if (filled == pairs) {
                List<ProbedNoise> out = new ArrayList<>(layers.size());
                for (int l = 0; l < layers.size(); l++) {
                    out.add(new ProbedNoise(iteration, layers.get(l).name(), l, layers.size(), true, pairs,
                            coordinates.of(l).length, rows[l]));
                }
                sink.noise(iteration, out);
            }
            rows = null;
        }
    }
}
