package dev.tailwatch.streams.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tailwatch.schema.Topics;
import dev.tailwatch.schema.avro.DeadLetter;
import dev.tailwatch.streams.analysis.RejectReason;
import dev.tailwatch.streams.metrics.TailwatchMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.junit.jupiter.api.Test;

/** Dead letters can neither stop the processors nor loop them. */
class OperationalGuardsTest {

    @Test
    void aDeadLetterTheTopicRefusesIsSkippedAndCountedWhileAnyOtherFailedWriteFailsTheTask() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        DeadLetterProductionHandler handler = new DeadLetterProductionHandler();
        handler.configure(Map.of(DeadLetterProductionHandler.METRICS_CONFIG, new TailwatchMetrics(registry)));
        RecordTooLargeException tooLarge = new RecordTooLargeException("too large");

        ProductionExceptionHandler.Response dlq = handler.handleError(null,
                new ProducerRecord<>(Topics.DLQ.name(), new byte[1], new byte[10]), tooLarge);
        ProductionExceptionHandler.Response alpha = handler.handleError(null,
                new ProducerRecord<>(Topics.ALPHA.name(), new byte[1], new byte[10]), tooLarge);

        assertEquals(ProductionExceptionHandler.Result.RESUME, dlq.result());
        assertEquals(ProductionExceptionHandler.Result.FAIL, alpha.result());
        assertTrue(registry.scrape().contains("tailwatch_dead_letter_write_failures_total 1.0"), registry.scrape());
    }

    @Test
    void aDeadLetterKeepsAtMostItsPayloadCapAndSaysHowLargeTheInputWas() {
        byte[] huge = new byte[DeadLetters.MAX_PAYLOAD_BYTES + 1000];
        huge[0] = 7;
        DeadLetter letter = DeadLetters.of(null, "run", huge, RejectReason.OVERSIZED, "record of 2 MiB", null, 1L);
        assertEquals(DeadLetters.MAX_PAYLOAD_BYTES, letter.getValue().remaining());
        assertEquals(7, letter.getValue().get(0));
        assertTrue(letter.getDetail().startsWith("record of 2 MiB"), letter.getDetail());
        assertTrue(letter.getDetail().contains("value of " + huge.length + " bytes"), letter.getDetail());
        // The whole letter still encodes: it is what the dead-letter topic receives.
        assertTrue(Topics.DLQ.valueSerde().encode(letter).length < DeadLetters.MAX_PAYLOAD_BYTES + 4096);

        byte[] small = {1, 2, 3};
        DeadLetter kept = DeadLetters.of(null, "run", small, RejectReason.UNDECODABLE, "bad", null, 1L);
        assertEquals(3, kept.getValue().remaining());
        assertEquals("bad", kept.getDetail());
    }

    @Test
    void kafkaStreamsCommitsAtTheBacklogIntervalAndTheBoundsHold() {
        ProcessorSettings defaults = ProcessorSettings.defaults("127.0.0.1:9092", Path.of("state"));
        // Live commits are requested by the processor at 100 ms; Kafka Streams' own interval is the backlog's.
        assertEquals(Duration.ofMillis(100), defaults.commitInterval());
        assertTrue(defaults.pacesCommits());
        assertEquals(1000L, TailwatchProcessors.streamsProperties(defaults).get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
        ProcessorSettings oneRate = defaults.withCommitIntervals(Duration.ofMillis(500), Duration.ofMillis(500)).withApplicationId("other");
        assertFalse(oneRate.pacesCommits());
        assertEquals(500L, TailwatchProcessors.streamsProperties(oneRate).get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
        // A transaction stays open a whole backlog interval: the broker must not abort it first.
        String timeout = StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
        assertEquals(10_000, TailwatchProcessors.streamsProperties(defaults).get(timeout));
        assertEquals(10_000, TailwatchProcessors.streamsProperties(oneRate).get(timeout));
        Properties thirtySeconds = TailwatchProcessors.streamsProperties(
                defaults.withCommitIntervals(Duration.ofMillis(100), Duration.ofSeconds(30)));
        assertEquals(30_000L, thirtySeconds.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
        assertEquals(60_000, thirtySeconds.get(timeout));
        // Kafka Streams' own configuration check refuses a producer transaction timeout below the commit interval.
        assertEquals(60_000, new StreamsConfig(thirtySeconds).getProducerConfigs("client").get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG));
        // A live interval longer than the default backlog one takes the backlog along.
        ProcessorSettings slowLive = new ProcessorSettings("b:1", "a", Path.of("s"), defaults.analysis(), 1, Duration.ofHours(1),
                Duration.ofMinutes(5), 1, 0, defaults.client(), Duration.ofSeconds(2));
        assertEquals(Duration.ofSeconds(2), slowLive.backlogCommitInterval());
        IllegalArgumentException tooShort = assertThrows(IllegalArgumentException.class,
                () -> defaults.withCommitIntervals(Duration.ofMillis(9), Duration.ofSeconds(1)));
        assertEquals("the commit interval must be 10 ms to 60000 ms, was 9 ms", tooShort.getMessage());
        assertThrows(IllegalArgumentException.class, () -> defaults.withCommitIntervals(Duration.ofSeconds(61), Duration.ofSeconds(61)));
        IllegalArgumentException belowLive = assertThrows(IllegalArgumentException.class,
                () -> defaults.withCommitIntervals(Duration.ofMillis(500), Duration.ofMillis(400)));
        assertEquals("the backlog commit interval must be 500 ms (the live one) to 60000 ms, was 400 ms", belowLive.getMessage());
    }
}
