package dev.tailwatch.trainer.probe;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A free candidate measured by the agreement bench and not offered as a {@code --probe}: the difference of
 * two consecutive steps' minibatch gradients, (g_{t+1} − g_t)/√2, for the tracked coordinates. Each g is
 * the full gradient plus an independent minibatch noise U; the difference of two independent SαS
 * variables of one α is SαS with that α, so the tail index is kept, and the weights move by only one step
 * between the two. Measured against the exact probe (docs/ACCURACY.md) it reads up to 0.17 high in a layer
 * with many exact-zero gradients, where a pair of zeros drops out while the exact probe's centred rows keep
 * a small value; {@link StepWindowNoiseProbe} is closer and is the default.
 *
 * <p>A sample has {@code pairs} rows (default 8, as the exact probe's minibatches) and is published every
 * {@code every} iterations from the last 2 × pairs steps of each period. Pairs do not overlap, so the rows
 * are independent. Nothing is recomputed.
 */
public final class PairedNoiseProbe extends StepGradientProbe {

    private static final double INV_SQRT2 = 1 / Math.sqrt(2);

    private final int every;
    private final int pairs;
    private float[][] first;
    private float[][] rows;
    private int filled;

    /**
     * @param every a sample every this many iterations, at the iteration that ends each period
     * @param pairs rows per sample: pairs of consecutive steps, 2 × pairs ≤ every
     */
    public PairedNoiseProbe(List<LayerLayout> layers, TrackedCoordinates coordinates, int every, int pairs, NoiseSink sink) {
        super(layers, coordinates, sink);
        if (pairs < 1 || 2 * pairs > every) {
            throw new IllegalArgumentException("the paired probe takes 2 × " + pairs
                    + " consecutive steps per sample, which must fit in a period of " + every + " iterations");
        }
        this.every = every;
        this.pairs = pairs;
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
                            coordinates.of(l).length, rows[l], coordinates.networkColumns(l)));
                }
                sink.noise(iteration, out);
            }
            rows = null;
        }
    }
}
