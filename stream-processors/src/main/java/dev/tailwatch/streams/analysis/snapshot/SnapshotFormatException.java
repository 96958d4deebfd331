package dev.tailwatch.streams.analysis.snapshot;

/**
 * A snapshot that cannot be restored: written in a format version this processor does not read, taken
 * with other analysis options, or not a run snapshot at all. The message is one line that says which and
 * what to do about it.
 */
public final class SnapshotFormatException extends RuntimeException {

    public SnapshotFormatException(String message) {
        super(message);
    }

    public SnapshotFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
