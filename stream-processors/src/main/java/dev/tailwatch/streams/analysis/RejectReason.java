package dev.tailwatch.streams.analysis;

import dev.tailwatch.schema.UndecodableRecordException;
import dev.tailwatch.schema.UnknownSchemaVersionException;
import java.util.Locale;

/** Why a record went to the dead-letter topic instead of being analysed. */
public enum RejectReason {
    /** The bytes are not a record of any schema version we know how to read. */
    UNDECODABLE,
    /** The record carries the fingerprint of a schema version this processor does not know. */
    UNKNOWN_SCHEMA_VERSION,
    /** rows × cols does not match the number of packed values, or a dimension is not positive. */
    WRONG_SHAPE,
    /** Every value is ±0, NaN or ±Inf. */
    NO_USABLE_VALUES,
    /** Fewer usable values than two blocks of the run's K1. */
    TOO_FEW_VALUES,
    /** Iteration numbers start at 0. */
    NEGATIVE_ITERATION,
    /** The record is larger than the configured maximum. */
    OVERSIZED,
    /** The record key is not the runId inside the record, which would break per-run ordering. */
    KEY_MISMATCH,
    /** The analysis itself failed on this record (a defect); kept so that it can be replayed once fixed. */
    PROCESSING_ERROR;

    /**
     * Why a record whose decoding or analysis threw was rejected. The live processors (dead letter) and
     * replay (counted) both classify through this, so a record is treated the same way in both: an
     * input the analysis refuses, a schema it does not know, bytes it cannot decode, or — anything else —
     * a processing error, which neither lets stop the run.
     */
    public static RejectReason of(Exception e) {
        if (e instanceof RejectedInputException rejected) {
            return rejected.reason();
        }
        if (e instanceof UnknownSchemaVersionException) {
            return UNKNOWN_SCHEMA_VERSION;
        }
        if (e instanceof UndecodableRecordException) {
            return UNDECODABLE;
        }
        return PROCESSING_ERROR;
    }

    /** The metric label and the reason code written to the dead-letter topic. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
