package dev.tailwatch.schema;

import dev.tailwatch.schema.avro.NoiseKind;
import dev.tailwatch.schema.avro.NoiseSample;
import dev.tailwatch.schema.avro.ProbeMode;

/** Builds and reads {@link NoiseSample}s so that nobody packs or unpacks float bytes by hand. */
public final class NoiseSamples {

    private NoiseSamples() {
    }

    /**
     * A sample of rows × cols values (row-major).
     *
     * @throws IllegalArgumentException when values.length is not rows × cols
     */
    public static NoiseSample of(String runId, long iteration, String layer, int layerIndex, int layerCount,
                                 ProbeMode mode, NoiseKind kind, int rows, int cols, float[] values, long timestampMs) {
        if (rows <= 0 || cols <= 0 || (long) rows * cols != values.length) {
            throw new IllegalArgumentException("shape " + rows + "×" + cols + " does not hold " + values.length + " values");
        }
        return NoiseSample.newBuilder()
                .setRunId(runId)
                .setIteration(iteration)
                .setLayer(layer)
                .setLayerIndex(layerIndex)
                .setLayerCount(layerCount)
                .setMode(mode)
                .setKind(kind)
                .setRows(rows)
                .setCols(cols)
                .setValues(PackedFloats.pack(values))
                .setTimestampMs(timestampMs)
                .build();
    }

    /** The sample's values, checked against its shape. */
    public static float[] values(NoiseSample sample) {
        return PackedFloats.unpack(sample.getValues(), sample.getRows(), sample.getCols());
    }
}
