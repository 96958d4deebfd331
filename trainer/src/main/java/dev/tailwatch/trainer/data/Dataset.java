package dev.tailwatch.trainer.data;

/**
 * Labelled examples in memory: features row-major as float32 in [0, 1] (one row per example), with the
 * image geometry when the data are images (channels × height × width; 1 × 1 × d for tabular data).
 */
public record Dataset(String name, float[] features, int[] labels, int featureCount, int channels, int height,
                      int width, int classes) {

    public Dataset {
        if (labels.length == 0) {
            throw new IllegalArgumentException(name + ": no examples");
        }
        if ((long) labels.length * featureCount != features.length) {
            throw new IllegalArgumentException(name + ": " + features.length + " feature values for " + labels.length
                    + " examples of " + featureCount);
        }
        if ((long) channels * height * width != featureCount) {
            throw new IllegalArgumentException(name + ": geometry " + channels + "×" + height + "×" + width
                    + " does not hold " + featureCount + " features");
        }
    }

    public int examples() {
        return labels.length;
    }

    /** The examples at the given indices, in that order. */
    public Dataset select(int[] indices, String newName) {
        float[] f = new float[indices.length * featureCount];
        int[] l = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(features, indices[i] * featureCount, f, i * featureCount, featureCount);
            l[i] = labels[indices[i]];
        }
        return new Dataset(newName, f, l, featureCount, channels, height, width, classes);
    }
}
