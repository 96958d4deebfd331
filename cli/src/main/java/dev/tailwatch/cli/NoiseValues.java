package dev.tailwatch.cli;

/**
 * Values read from one file: float32 files stay float32 so the estimator can use its fast path; other
 * formats arrive as float64.
 */
record NoiseValues(float[] floats, double[] doubles) {

    static NoiseValues ofFloats(float[] values) {
        return new NoiseValues(values, null);
    }

    static NoiseValues ofDoubles(double[] values) {
        return new NoiseValues(null, values);
    }

    int size() {
        return floats != null ? floats.length : doubles.length;
    }
}
