package dev.tailwatch.schema;

/**
 * How much of each layer's tracked noise goes into the network-wide ({@code layer="all"}) α, the rule
 * behind {@code NoiseSample.networkColumns} and {@code LayerInfo.networkColumns}.
 *
 * <p>Şimşekli et al. define the network-wide tail index over all parameters pooled, so a layer weighs in
 * proportion to its parameter count. Probes track at most c coordinates per layer, which alone would weigh
 * a 784×128 layer and a 128×10 layer equally. So the largest layer pools all its tracked columns and every
 * other layer a share of its own in proportion to its size: n_l = min(c_l, max(1, round(c_big · P_l / P_max))),
 * c_big being the tracked count of the largest layer (the first of equals). A layer keeps at least one column
 * so that it is represented at all; rounding is half up in integers, so the Python client gets equal numbers.
 * With every coordinate tracked (c_l = P_l) this is every value of every layer: the paper's pool exactly.
 */
public final class NetworkPooling {

    /** {@code networkColumns} of a sample whose every column is pooled (also what records before v4 mean). */
    public static final int ALL_COLUMNS = -1;

    private NetworkPooling() {
    }

    /**
     * The pooled column count of every layer.
     *
     * @param parameters each layer's parameter count P_l (weights and biases)
     * @param tracked    each layer's tracked coordinates c_l (≤ P_l)
     * @throws IllegalArgumentException when the arrays differ in length or a count is negative
     */
    public static int[] columns(long[] parameters, int[] tracked) {
        if (parameters.length != tracked.length) {
            throw new IllegalArgumentException(parameters.length + " parameter counts for " + tracked.length + " layers");
        }
        int biggest = -1;
        for (int l = 0; l < parameters.length; l++) {
            if (parameters[l] < 0 || tracked[l] < 0) {
                throw new IllegalArgumentException("layer " + l + ": negative count");
            }
            if (biggest < 0 || parameters[l] > parameters[biggest]) {
                biggest = l;
            }
        }
        int[] pooled = new int[parameters.length];
        if (biggest < 0 || parameters[biggest] == 0) {
            return pooled;
        }
        long pMax = parameters[biggest];
        long cBig = tracked[biggest];
        for (int l = 0; l < parameters.length; l++) {
            // Integer rounding half up (not Math.round on a double): the Python client must get the same counts.
            long share = Math.floorDiv(2 * cBig * parameters[l] + pMax, 2 * pMax);
            pooled[l] = (int) Math.min(tracked[l], Math.max(1, share));
        }
        return pooled;
    }

    /**
     * How many of a rows × cols sample's values go into the pool: rows · networkColumns (all of them for
     * {@link #ALL_COLUMNS} or networkColumns ≥ cols). They are the sample's first values in row-major order —
     * whole rows (minibatches) of every tracked coordinate first — not a subset of columns in every row: the
     * estimator's blocks are runs of consecutive tracked coordinates, whose noise is correlated (neighbouring
     * weights share an output unit), so a column subset would put other, less correlated neighbours into a
     * block and read another α than the layer's own (measured on the demo run: 1.26 instead of 1.08 for a
     * layer pooling 164 of 1,000 columns); a prefix keeps the layer's block structure.
     */
    public static int pooledValues(int networkColumns, int rows, int cols) {
        return poolsSubset(networkColumns, cols) ? rows * networkColumns : rows * cols;
    }

    /** Whether a sample of {@code cols} columns with this {@code networkColumns} pools only some of them. */
    public static boolean poolsSubset(int networkColumns, int cols) {
        return networkColumns >= 0 && networkColumns < cols;
    }
}
