package dev.tailwatch.streams.replay;

/** One recorded input record of a run, from a broker or an exported file: topic, key, value, timestamp. */
public record InputRecord(String topic, String key, byte[] value, long timestampMs) {
}
