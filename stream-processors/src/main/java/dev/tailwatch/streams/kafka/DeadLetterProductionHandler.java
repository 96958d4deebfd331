package dev.tailwatch.streams.kafka;

import dev.tailwatch.schema.Topics;
import dev.tailwatch.streams.metrics.TailwatchMetrics;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dead letter that cannot be written (too large for the topic, not authorised, …) is logged, counted and
 * skipped: the default handler would fail the stream thread, which is replaced, meets the same record again
 * and fails again — a rejected input must never stop or loop the processors. Every other failed write still
 * fails the task, so exactly-once outputs are never silently dropped.
 */
public final class DeadLetterProductionHandler implements ProductionExceptionHandler {

    /** Config key under which {@link TailwatchProcessors} hands over the metrics to count skipped dead letters. */
    static final String METRICS_CONFIG = "tailwatch.metrics";
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProductionHandler.class);

    private TailwatchMetrics metrics;

    @Override
    public void configure(Map<String, ?> configs) {
        Object m = configs.get(METRICS_CONFIG);
        metrics = m instanceof TailwatchMetrics tm ? tm : null;
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (record != null && Topics.DLQ.name().equals(record.topic())) {
            // The payload is neither logged nor kept: it may be large, and it is what could not be written.
            LOG.error("a dead letter of {} bytes from {} could not be written to {} and is skipped: {}",
                    record.value() == null ? 0 : record.value().length, context == null ? "?" : context.topic(),
                    record.topic(), exception.toString());
            if (metrics != null) {
                metrics.deadLetterWriteFailed();
            }
            return Response.resume();
        }
        return Response.fail();
    }
}
