package dev.tailwatch.broker;

/**
 * The broker could not start. The message is one line naming the cause in the caller's terms (a port in
 * use, a data directory that is not a directory or not writable, a broker that never became ready), so a
 * command can print it as it is; {@link #kind()} says which, so a command can add the fix in its own
 * options' terms; the Kafka exception behind it, if any, is the cause.
 */
public final class BrokerStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, for a caller that names the fix. */
    public enum Kind {
        /** The requested client or controller port is taken. */
        PORT_IN_USE,
        /** Another broker (in this JVM or another process) runs on the data directory. */
        DATA_DIR_IN_USE,
        /** The data directory cannot be created, is not a directory, not writable, or holds other files. */
        DATA_DIR_UNUSABLE,
        /** Anything else: the broker did not start or did not become ready. */
        OTHER
    }

    private final Kind kind;

    /** A failure with a one-line message and, where there is one, the exception behind it. */
    public BrokerStartException(String message, Throwable cause) {
        this(Kind.OTHER, message, cause);
    }

    public BrokerStartException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
