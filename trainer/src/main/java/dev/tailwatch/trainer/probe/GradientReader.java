package dev.tailwatch.trainer.probe;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reads entries of DL4J's flattened gradient, divided by the minibatch size: DL4J's raw gradient is the
 * sum over the minibatch, and the noise of SGD is that of the mean.
 *
 * <p>The gradient view is normally contiguous, and then entries are read straight from its buffer; only
 * otherwise is it copied out whole.
 */
final class GradientReader {

    private final DataBuffer buffer;
    private final long base;
    private final float[] copy;
    private final float scale;

    private GradientReader(INDArray flatGradient, int batch) {
        boolean contiguous = flatGradient.elementWiseStride() == 1;
        this.buffer = flatGradient.data();
        this.base = flatGradient.offset();
        this.copy = contiguous ? null : flatGradient.toFloatVector();
        this.scale = 1f / batch;
    }

    private float at(long index) {
        return (copy == null ? buffer.getFloat(base + index) : copy[(int) index]) * scale;
    }

    /** The tracked coordinates of every layer, one array per layer. */
    static float[][] tracked(INDArray flatGradient, List<LayerLayout> layers, TrackedCoordinates coordinates, int batch) {
        GradientReader reader = new GradientReader(flatGradient, batch);
        float[][] out = new float[layers.size()][];
        for (int l = 0; l < layers.size(); l++) {
            int[] idx = coordinates.of(l);
            long offset = layers.get(l).offset();
            float[] values = new float[idx.length];
            for (int j = 0; j < idx.length; j++) {
                values[j] = reader.at(offset + idx[j]);
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
        GradientReader reader = new GradientReader(flatGradient, batch);
        float[] values = new float[count];
        for (int j = 0; j < count; j++) {
            values[j] = reader.at(layer.offset() + (long) j * stride);
        }
        return values;
    }
}
