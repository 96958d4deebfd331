package dev.tailwatch.streams.analysis;

/** A record that cannot be analysed; the processors route it to the dead-letter topic with this reason. */
public final class RejectedInputException extends Exception {

    private final RejectReason reason;

    public RejectedInputException(RejectReason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }
}
