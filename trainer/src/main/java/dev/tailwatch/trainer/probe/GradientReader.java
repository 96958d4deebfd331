package dev.tailwatch.trainer.probe;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reads entries of DL4J's flattened gradient, divided by the minibatch size: DL4J's raw gradient is the
 * sum over the minibatch, and the noise of SGD is that of the mean.
 */
final class GradientReader {

    private GradientReader() {
    }

    /** The tracked coordinates of every layer, one array per layer. */
    static float[][] tracked(INDArray flatGradient, List<LayerLayout> layers, TrackedCoordinates coordinates, int batch) {
        DataBuffer buffer = flatGradient.data();
        long base = flatGradient.offset();
        boolean contiguous = flatGradient.elementWiseStride() == 1;
        float[] all = contiguous ? null : flatGradient.toFloatVector();
        float scale = 1f / batch;
        float[][] out = new float[layers.size()][];
        for (int l = 0; l < layers.size(); l++) {
            int[] idx = coordinates.of(l);
            long offset = layers.get(l).offset();
            float[] values = new float[idx.length];
            for (int j = 0; j < idx.length; j++) {
                long at = offset + idx[j];
                values[j] = (contiguous ? buffer.getFloat(base + at) : all[(int) at]) * scale;
            }
            out[l] = values;
        }
        return out;
    }

    /**
     * Every {@code stride}-th parameter of a layer from its first, {@code count} of them: a whole-layer sample
     * when stride is 1, an evenly spread one under a size cap otherwise.
     */
    static float[] strided(INDArray flatGradient, LayerLayout layer, int count, int stride, int batch) {
        DataBuffer buffer = flatGradient.data();
        long base = flatGradient.offset();
        boolean contiguous = flatGradient.elementWiseStride() == 1;
        float[] all = contiguous ? null : flatGradient.toFloatVector();
        float[] values = new float[count];
        float scale = 1f / batch;
        for (int j = 0; j < count; j++) {
            long at = layer.offset() + (long) j * stride;
            values[j] = (contiguous ? buffer.getFloat(base + at) : all[(int) at]) * scale;
        }
        return values;
    }
}
