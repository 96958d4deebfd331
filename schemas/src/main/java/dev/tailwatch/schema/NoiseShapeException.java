package dev.tailwatch.schema;

/**
 * Noise values whose byte count does not fit the declared rows × cols float32 matrix, or a shape that
 * cannot describe one. An {@link IllegalArgumentException}, so existing callers that catch that still
 * work; the processors route it to the dead-letter topic as a wrong shape.
 */
public class NoiseShapeException extends IllegalArgumentException {

    private final long rows;
    private final long cols;
    private final long expectedBytes;
    private final long actualBytes;

    NoiseShapeException(String message, long rows, long cols, long expectedBytes, long actualBytes) {
        super(message);
        this.rows = rows;
        this.cols = cols;
        this.expectedBytes = expectedBytes;
        this.actualBytes = actualBytes;
    }

    /** The declared rows (minibatches). */
    public long rows() {
        return rows;
    }

    /** The declared columns (coordinates). */
    public long cols() {
        return cols;
    }

    /** rows × cols × 4, or −1 when the shape itself is invalid. */
    public long expectedBytes() {
        return expectedBytes;
    }

    /** The bytes (or 4 × values) actually present. */
    public long actualBytes() {
        return actualBytes;
    }
}
