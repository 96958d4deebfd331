package dev.tailwatch.trainer.probe;

import dev.tailwatch.schema.NetworkPooling;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The paper's measurement (seed 000 §3): at fixed weights, the gradients g_1 … g_m of m minibatches of a
 * fixed probe set, their mean as the full gradient, and noise U_i = g_i − mean per layer. Only
 * {@code computeGradientAndScore} is used, which computes a gradient without touching parameters or
 * updater state, so the training trajectory is the same with or without the probe.
 *
 * <p>Call {@link #measure} between training steps (not from inside {@code fit}).
 */
public final class ExactNoiseProbe {

    private final List<LayerLayout> layers;
    private final TrackedCoordinates coordinates;
    private final List<INDArray[]> probeBatches;
    private final int wholeLayerCap;

    /**
     * @param probeBatches  m (features, labels) minibatches, fixed for the run
     * @param wholeLayerCap also send each layer's whole gradient noise when the layer has at most this many
     *                      parameters, or an evenly strided sample of this size otherwise (0 = never)
     */
    public ExactNoiseProbe(List<LayerLayout> layers, TrackedCoordinates coordinates, List<INDArray[]> probeBatches,
                           int wholeLayerCap) {
        if (probeBatches.size() < 2) {
            throw new IllegalArgumentException("the exact probe needs at least 2 minibatches, had " + probeBatches.size());
        }
        this.layers = layers;
        this.coordinates = coordinates;
        this.probeBatches = probeBatches;
        this.wholeLayerCap = wholeLayerCap;
    }

    public List<ProbedNoise> measure(MultiLayerNetwork net, long iteration) {
        int m = probeBatches.size();
        float[][][] tracked = new float[m][][];
        float[][][] whole = wholeLayerCap > 0 ? new float[m][layers.size()][] : null;
        for (int i = 0; i < m; i++) {
            INDArray[] batch = probeBatches.get(i);
            int b = (int) batch[0].size(0);
            net.setInput(batch[0]);
            net.setLabels(batch[1]);
            net.computeGradientAndScore();
            INDArray gradient = net.getFlattenedGradients();
            tracked[i] = GradientReader.tracked(gradient, layers, coordinates, b);
            if (whole != null) {
                for (int l = 0; l < layers.size(); l++) {
                    whole[i][l] = GradientReader.strided(gradient, layers.get(l), wholeCount(l), wholeStride(l), b);
                }
            }
        }
        net.clear();
        List<ProbedNoise> out = new ArrayList<>();
        // Whole-layer samples are series of their own ("name:whole"), marked as such so the processors keep them
        // out of the network-wide α, which merges the tracked coordinates of the layerCount layers.
        int layerCount = layers.size();
        for (int l = 0; l < layerCount; l++) {
            out.add(new ProbedNoise(iteration, layers.get(l).name(), l, layerCount, true, m, coordinates.of(l).length,
                    centred(tracked, l), coordinates.networkColumns(l)));
        }
        if (whole != null) {
            for (int l = 0; l < layerCount; l++) {
                out.add(new ProbedNoise(iteration, layers.get(l).name() + ":whole", l, layerCount, false, m, wholeCount(l),
                        centred(whole, l), NetworkPooling.ALL_COLUMNS));
            }
        }
        return out;
    }

    private int wholeStride(int layer) {
        long n = layers.get(layer).parameters();
        return (int) Math.max(1, (n + wholeLayerCap - 1) / wholeLayerCap);
    }

    private int wholeCount(int layer) {
        long n = layers.get(layer).parameters();
        int stride = wholeStride(layer);
        return (int) Math.min(wholeLayerCap, (n + stride - 1) / stride);
    }

    /** Rows g_i − mean over i, in double for the mean. */
    static float[] centred(float[][][] gradients, int layer) {
        int m = gradients.length;
        int c = gradients[0][layer].length;
        float[] out = new float[m * c];
        for (int j = 0; j < c; j++) {
            double sum = 0;
            for (int i = 0; i < m; i++) {
                sum += gradients[i][layer][j];
            }
            double mean = sum / m;
            for (int i = 0; i < m; i++) {
                out[i * c + j] = (float) (gradients[i][layer][j] - mean);
            }
        }
        return out;
    }

    /** This probe run after every step whose iteration is a multiple of {@code every}, its samples to {@code sink}. */
    public TrainingProbe every(int every, NoiseSink sink) {
        return new TrainingProbe() {
            @Override
            public void afterStep(MultiLayerNetwork net, long iteration) {
                if (iteration % every == 0) {
                    sink.noise(iteration, measure(net, iteration));
                }
            }
        };
    }

    public int probeBatches() {
        return probeBatches.size();
    }
}
