package dev.tailwatch.streams.kafka;

/** The topics on the broker cannot give correct results (e.g. inputs not co-partitioned); the message says how to fix them. */
public final class TopicLayoutException extends IllegalArgumentException {

    public TopicLayoutException(String message) {
        super(message);
    }
}
