package dev.tailwatch.trainer.train;

import dev.tailwatch.trainer.data.Dataset;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Seeded epochs of shuffled minibatches, and the conversion of examples to ND4J arrays. */
final class Minibatches {

    private final Dataset data;
    private final int batch;
    private final boolean hingeTargets;
    private final SplittableRandom random;
    private int[] order;
    private int next;
    private int epoch = -1;

    Minibatches(Dataset data, int batch, boolean hingeTargets, long seed) {
        if (batch > data.examples()) {
            throw new IllegalArgumentException("batch " + batch + " is larger than the " + data.examples() + " training examples");
        }
        this.data = data;
        this.batch = batch;
        this.hingeTargets = hingeTargets;
        this.random = new SplittableRandom(seed);
    }

    int epoch() {
        return Math.max(0, epoch);
    }

    /** The next minibatch: {features, labels}. */
    INDArray[] next() {
        if (order == null || next + batch > order.length) {
            order = permutation(data.examples(), random);
            next = 0;
            epoch++;
        }
        int[] indices = new int[batch];
        System.arraycopy(order, next, indices, 0, batch);
        next += batch;
        return arrays(data, indices, hingeTargets);
    }

    static int[] permutation(int n, SplittableRandom random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    static INDArray[] arrays(Dataset data, int[] indices, boolean hingeTargets) {
        int d = data.featureCount();
        float[] features = new float[indices.length * d];
        float[] labels = new float[indices.length * data.classes()];
        if (hingeTargets) {
            java.util.Arrays.fill(labels, -1f);
        }
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(data.features(), indices[i] * d, features, i * d, d);
            labels[i * data.classes() + data.labels()[indices[i]]] = 1f;
        }
        return new INDArray[] {
            Nd4j.create(features, new long[] {indices.length, d}, DataType.FLOAT),
            Nd4j.create(labels, new long[] {indices.length, data.classes()}, DataType.FLOAT)
        };
    }
}
