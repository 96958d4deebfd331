package dev.tailwatch.trainer.probe;

import dev.tailwatch.schema.NetworkPooling;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The fixed coordinates the probe follows in each layer: c distinct indices into the layer's flattened
 * parameters, drawn uniformly with a seed, sorted. Chosen once per run, so α_i of one coordinate is
 * always the same parameter's.
 */
public final class TrackedCoordinates {

    private final int[][] perLayer;
    private final int[] networkColumns;

    public TrackedCoordinates(List<LayerLayout> layers, int perLayerCount, long seed) {
        if (perLayerCount < 1) {
            throw new IllegalArgumentException("tracked coordinates per layer must be positive, was " + perLayerCount);
        }
        perLayer = new int[layers.size()][];
        for (int l = 0; l < layers.size(); l++) {
            long n = layers.get(l).parameters();
            int c = (int) Math.min(perLayerCount, n);
            SplittableRandom random = new SplittableRandom(seed * 31 + l);
            perLayer[l] = c == n ? allOf(c) : random.ints(0, (int) n).distinct().limit(c).sorted().toArray();
        }
        long[] parameters = new long[layers.size()];
        int[] counts = new int[layers.size()];
        for (int l = 0; l < layers.size(); l++) {
            parameters[l] = layers.get(l).parameters();
            counts[l] = perLayer[l].length;
        }
        networkColumns = NetworkPooling.columns(parameters, counts);
    }

    private static int[] allOf(int n) {
        int[] all = new int[n];
        Arrays.setAll(all, i -> i);
        return all;
    }

    /** Indices within layer {@code layer}'s parameters. */
    public int[] of(int layer) {
        return perLayer[layer];
    }

    /**
     * How many of layer {@code layer}'s tracked coordinates go into the network-wide α: in proportion to the
     * layer's parameter count, as the paper pools all parameters ({@link NetworkPooling}).
     */
    public int networkColumns(int layer) {
        return networkColumns[layer];
    }

    public int layers() {
        return perLayer.length;
    }
}
