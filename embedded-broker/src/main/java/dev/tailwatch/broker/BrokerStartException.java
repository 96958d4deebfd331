package dev.tailwatch.broker;

/**
 * The broker could not start. The message is one line naming the cause in the caller's terms (a port in
 * use, a data directory that is not a directory or not writable, a broker that never became ready), so a
 * command can print it as it is; the Kafka exception behind it, if any, is the cause.
 */
public final class BrokerStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A failure with a one-line message and, where there is one, the exception behind it. */
    public BrokerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
