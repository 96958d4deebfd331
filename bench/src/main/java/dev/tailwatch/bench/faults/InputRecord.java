package dev.tailwatch.bench.faults;

/**
 * One input record exactly as every scenario publishes it: topic, partition, key, value bytes and record
 * timestamp are all fixed when the inputs are generated, so no scenario's inputs differ from the reference's.
 */
record InputRecord(String topic, int partition, String key, byte[] value, long timestampMs) {
}
