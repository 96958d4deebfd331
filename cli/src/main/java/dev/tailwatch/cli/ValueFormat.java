package dev.tailwatch.cli;

/** How a file of noise values is laid out. */
enum ValueFormat {
    /** Packed little-endian IEEE-754 float32, as on the noise topic. */
    f32le(Float.BYTES),
    /** Packed little-endian IEEE-754 float64. */
    f64le(Double.BYTES),
    /** Decimal numbers separated by white space or commas; lines starting with # are comments. */
    text(0);

    private final int width;

    ValueFormat(int width) {
        this.width = width;
    }

    /** Bytes per value, 0 for text. */
    int width() {
        return width;
    }
}
