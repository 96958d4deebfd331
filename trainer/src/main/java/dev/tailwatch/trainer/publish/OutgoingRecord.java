package dev.tailwatch.trainer.publish;

/** One record to publish, already encoded. */
public record OutgoingRecord(String topic, String key, byte[] value) {

    long sizeOnDisk() {
        return 12L + topic.length() * 3L + key.length() * 3L + value.length;
    }
}
