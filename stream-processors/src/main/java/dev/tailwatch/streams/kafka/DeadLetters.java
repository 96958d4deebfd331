package dev.tailwatch.streams.kafka;

import dev.tailwatch.schema.avro.DeadLetter;
import dev.tailwatch.streams.analysis.RejectReason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Builds the dead-letter record of a rejected input: the original bytes, the reason and where it came from. */
final class DeadLetters {

    /**
     * The most of an input's bytes a dead letter keeps. An oversized noise record is itself a reason for a
     * dead letter, and copying all of it would make the dead letter too large to write; the reason, detail
     * and source offset still say which record it was, so the whole input can be read from its topic.
     */
    static final int MAX_PAYLOAD_BYTES = 512 * 1024;

    private DeadLetters() {
    }

    static DeadLetter of(RecordMetadata source, String key, byte[] value, RejectReason reason, String detail,
                         Throwable cause, long nowMs) {
        return DeadLetter.newBuilder()
                .setSourceTopic(source == null ? "" : source.topic())
                .setPartition(source == null ? -1 : source.partition())
                .setOffset(source == null ? -1 : source.offset())
                .setKey(key == null ? null : ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8)))
                .setValue(value == null ? null : ByteBuffer.wrap(value, 0, Math.min(value.length, MAX_PAYLOAD_BYTES)).slice())
                .setReason(reason.code())
                .setDetail((detail == null ? "" : detail) + (value != null && value.length > MAX_PAYLOAD_BYTES
                        ? " (value of " + value.length + " bytes: the first " + MAX_PAYLOAD_BYTES + " are kept)" : ""))
                .setExceptionClass(cause == null ? null : cause.getClass().getName())
                .setTimestampMs(nowMs)
                .build();
    }
}
