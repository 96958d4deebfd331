package dev.tailwatch.schema;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Bytes that are not a record of the expected type in any schema version: truncated, garbage, another
 * format. Its subclass {@link UnknownSchemaVersionException} is the one case that is not garbage, so
 * catch that first when the two are routed differently.
 */
public class UndecodableRecordException extends SerializationException {

    /** An undecodable record, with what Avro said about it as the cause. */
    public UndecodableRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
