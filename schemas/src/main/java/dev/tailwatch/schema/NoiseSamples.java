package dev.tailwatch.schema;

import dev.tailwatch.schema.avro.NoiseKind;
import dev.tailwatch.schema.avro.NoiseSample;
import dev.tailwatch.schema.avro.ProbeMode;

/**
 * Every field of a {@link NoiseSample} in one call. Kept for existing callers; {@link NoiseValues#sample}
 * returns a builder with named setters, which is harder to get wrong with eleven arguments.
 */
public final class NoiseSamples {

    private NoiseSamples() {
    }

    /**
     * A sample of rows × cols values (row-major).
     *
     * @throws NoiseShapeException when a dimension is not positive or values.length is not rows × cols
     */
    public static NoiseSample of(String runId, long iteration, String layer, int layerIndex, int layerCount,
                                 ProbeMode mode, NoiseKind kind, int rows, int cols, float[] values, long timestampMs) {
        return NoiseValues.sample(values, rows, cols)
                .setRunId(runId)
                .setIteration(iteration)
                .setLayer(layer)
                .setLayerIndex(layerIndex)
                .setLayerCount(layerCount)
                .setMode(mode)
                .setKind(kind)
                .setTimestampMs(timestampMs)
                .build();
    }

    /**
     * A sample of rows × cols values (row-major) of which {@code networkColumns} columns go into the
     * network-wide pool ({@link NetworkPooling}; {@link NetworkPooling#ALL_COLUMNS} for all of them).
     *
     * @throws NoiseShapeException when a dimension is not positive or values.length is not rows × cols
     */
    public static NoiseSample of(String runId, long iteration, String layer, int layerIndex, int layerCount,
                                 ProbeMode mode, NoiseKind kind, int rows, int cols, float[] values, long timestampMs,
                                 int networkColumns) {
        NoiseSample sample = of(runId, iteration, layer, layerIndex, layerCount, mode, kind, rows, cols, values, timestampMs);
        sample.setNetworkColumns(networkColumns);
        return sample;
    }

    /** The sample's values, checked against its shape; see {@link NoiseValues#values(NoiseSample)}. */
    public static float[] values(NoiseSample sample) {
        return NoiseValues.values(sample);
    }
}
