package dev.tailwatch.streams.simulate;

import dev.tailwatch.math.StableSampler;
import java.util.SplittableRandom;

/**
 * A synthetic training run with a known answer: at every iteration each layer's noise is SαS(α_t) with
 * α_t from an {@link AlphaPath}, and the training metrics follow a smooth learning curve with an
 * optional accuracy jump — for testing the processors, dashboards and alerts without training.
 *
 * <p>Layers get different noise scales (10^0, 10^-1, 10^-2, …) as real layers do; since every value of a
 * layer shares one scale, per-layer α stays unbiased. Deterministic for a given seed.
 */
public final class SyntheticRun {

    /** Minibatches per noise sample when the sample size allows it. */
    static final int ROWS = 10;

    private final AlphaPath path;
    private final int layers;
    private final int valuesPerLayer;
    private final long jumpAt;
    private final long seed;
    private final SplittableRandom metricNoise;

    /**
     * @param jumpAt iteration of an accuracy jump (and loss drop), or −1 for none
     */
    public SyntheticRun(AlphaPath path, int layers, int valuesPerLayer, long jumpAt, long seed) {
        if (layers < 1) {
            throw new IllegalArgumentException("need at least one layer, was " + layers);
        }
        if (valuesPerLayer < 4) {
            throw new IllegalArgumentException("need at least 4 values per layer, was " + valuesPerLayer);
        }
        this.path = path;
        this.layers = layers;
        this.valuesPerLayer = valuesPerLayer;
        this.jumpAt = jumpAt;
        this.seed = seed;
        this.metricNoise = new SplittableRandom(seed ^ 0x5DEECE66DL);
    }

    public int layers() {
        return layers;
    }

    public static String layerName(int layer) {
        return "layer" + layer;
    }

    /** Minibatches m of each sample. */
    public int rows() {
        return valuesPerLayer % ROWS == 0 ? ROWS : 1;
    }

    /** Coordinates c of each sample. */
    public int cols() {
        return valuesPerLayer / rows();
    }

    public double alphaAt(long iteration) {
        return path.at(iteration);
    }

    /** The noise of one layer at one iteration; the same arguments always give the same values. */
    public float[] noise(long iteration, int layer) {
        double scale = Math.pow(10, -(layer % 3));
        long sampleSeed = seed * 1_000_003L + iteration * 7919L + layer;
        return new StableSampler(path.at(iteration), scale, sampleSeed).floats(valuesPerLayer);
    }

    /** Training loss at the iteration: a decaying curve with a little noise, dropping at the jump. */
    public double loss(long iteration) {
        double base = 0.3 + 2.0 * Math.exp(-iteration / 400.0);
        if (jumpAt >= 0 && iteration >= jumpAt) {
            base *= 0.6;
        }
        return base * (1 + 0.02 * (metricNoise.nextDouble() - 0.5));
    }

    /** Accuracy at the iteration (ratio), with a +0.15 step at the jump. */
    public double accuracy(long iteration) {
        double base = 0.6 + 0.2 * (1 - Math.exp(-iteration / 400.0));
        if (jumpAt >= 0 && iteration >= jumpAt) {
            base += 0.15;
        }
        return Math.min(1.0, base + 0.004 * (metricNoise.nextDouble() - 0.5));
    }
}
