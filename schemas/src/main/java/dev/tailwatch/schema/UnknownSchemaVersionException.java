package dev.tailwatch.schema;

/**
 * A well-formed single-object record whose writer-schema fingerprint this reader does not know —
 * typically written by a newer producer. Kept distinct from garbage so the dead-letter topic can say
 * which case it was; upgrading the consumer (or registering that writer schema) fixes it.
 */
public class UnknownSchemaVersionException extends UndecodableRecordException {

    private final long fingerprint;

    /**
     * @param fingerprint the writer schema's CRC-64-AVRO fingerprint, as the record's header carries it
     */
    public UnknownSchemaVersionException(String message, long fingerprint, Throwable cause) {
        super(message, cause);
        this.fingerprint = fingerprint;
    }

    /** The unknown writer schema's CRC-64-AVRO fingerprint (Avro's parsing fingerprint). */
    public long fingerprint() {
        return fingerprint;
    }
}
