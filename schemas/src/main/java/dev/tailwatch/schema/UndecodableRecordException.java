package dev.tailwatch.schema;

import org.apache.kafka.common.errors.SerializationException;

/** Bytes that are not a record of the expected type in any schema version: truncated, garbage, or another format. */
public class UndecodableRecordException extends SerializationException {

    public UndecodableRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
