package dev.tailwatch.streams.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tailwatch.schema.Topics;
import dev.tailwatch.schema.UndecodableRecordException;
import dev.tailwatch.schema.UnknownSchemaVersionException;
import dev.tailwatch.streams.analysis.AnalysisConfig;
import dev.tailwatch.streams.analysis.RejectReason;
import dev.tailwatch.streams.analysis.RejectedInputException;
import dev.tailwatch.streams.kafka.ProcessorSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Live processors and replay classify a failing record the same way, and neither stops on one. */
class RunReplayFailuresTest {

    @Test
    void everyFailureHasOneReason() {
        assertEquals(RejectReason.OVERSIZED, RejectReason.of(new RejectedInputException(RejectReason.OVERSIZED, "big")));
        assertEquals(RejectReason.UNKNOWN_SCHEMA_VERSION, RejectReason.of(new UnknownSchemaVersionException("v9", 9L, null)));
        assertEquals(RejectReason.UNDECODABLE, RejectReason.of(new UndecodableRecordException("garbage", null)));
        assertEquals(RejectReason.PROCESSING_ERROR, RejectReason.of(new IllegalStateException("a defect")));
    }

    @Test
    void aRecordWhoseHandlingThrowsIsCountedAndTheReplayGoesOn() {
        byte[] garbage = {1, 2, 3};
        // The first record's handling throws a NullPointerException (no topic): live it would be dead-lettered as a
        // processing error; replay counts it the same way instead of ending.
        List<InputRecord> noise = List.of(new InputRecord(null, "r", garbage, 1), new InputRecord(Topics.NOISE.name(), "r", garbage, 2));
        ReplayResult result = new RunReplay(AnalysisConfig.defaults(), ProcessorSettings.DEFAULT_MAX_RECORD_BYTES)
                .replay("r", noise, List.of(), 0, Long.MAX_VALUE);
        assertEquals(Map.of("processing_error", 1L, "undecodable", 1L), result.rejected());
    }
}
