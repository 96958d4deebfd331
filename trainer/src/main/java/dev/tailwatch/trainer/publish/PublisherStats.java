package dev.tailwatch.trainer.publish;

/**
 * What the publisher did with the records handed to it.
 *
 * @param published records the broker acknowledged, sent directly or re-sent from the journal
 * @param spilled   records written to the journal because the broker was away or slow
 * @param resent    journal records the broker has since acknowledged
 * @param dropped   records lost: the journal's disk limit was reached (logged as errors)
 * @param pending   records waiting: queued, in flight or in the journal
 */
public record PublisherStats(long published, long spilled, long resent, long dropped, long pending) {
}
