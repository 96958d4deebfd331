package dev.tailwatch.streams.kafka;

import dev.tailwatch.schema.avro.DeadLetter;
import dev.tailwatch.streams.analysis.RejectReason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Builds the dead-letter record of a rejected input: the original bytes, the reason and where it came from. */
final class DeadLetters {

    private DeadLetters() {
    }

    static DeadLetter of(RecordMetadata source, String key, byte[] value, RejectReason reason, String detail,
                         Throwable cause, long nowMs) {
        return DeadLetter.newBuilder()
                .setSourceTopic(source == null ? "" : source.topic())
                .setPartition(source == null ? -1 : source.partition())
                .setOffset(source == null ? -1 : source.offset())
                .setKey(key == null ? null : ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8)))
                .setValue(value == null ? null : ByteBuffer.wrap(value))
                .setReason(reason.code())
                .setDetail(detail == null ? "" : detail)
                .setExceptionClass(cause == null ? null : cause.getClass().getName())
                .setTimestampMs(nowMs)
                .build();
    }
}
