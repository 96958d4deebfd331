package dev.tailwatch.schema;

/**
 * A well-formed record whose writer schema fingerprint this reader does not know — typically written by
 * a newer producer. Kept distinct from garbage so the dead-letter topic says which case it was.
 */
public class UnknownSchemaVersionException extends UndecodableRecordException {

    public UnknownSchemaVersionException(String message, Throwable cause) {
        super(message, cause);
    }
}
