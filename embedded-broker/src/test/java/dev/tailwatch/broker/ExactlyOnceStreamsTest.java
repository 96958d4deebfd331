package dev.tailwatch.broker;

import static dev.tailwatch.broker.Clients.producer;
import static dev.tailwatch.broker.Clients.readCommitted;
import static dev.tailwatch.broker.Clients.values;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The processors run exactly_once_v2; on one broker that needs every transaction setting at 1. */
class ExactlyOnceStreamsTest {

    @TempDir
    Path stateDir;

    @Test
    void anExactlyOnceV2TopologyRuns() throws Exception {
        String bootstrap = SharedTestBroker.bootstrapServers();
        SharedTestBroker.TopicSet topics = SharedTestBroker.uniqueTopics(2, "in", "out");

        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(topics.name("in"), Consumed.with(Serdes.String(), Serdes.String()))
                .mapValues(v -> v.toUpperCase(Locale.ROOT))
                .to(topics.name("out"), Produced.with(Serdes.String(), Serdes.String()));
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, SharedTestBroker.uniqueName("eos"));
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // What Kafka 5.0 will default to; without it Streams warns on every start.
        p.put("processing.exception.handler.global.enabled", true);

        try (KafkaStreams streams = new KafkaStreams(builder.build(), p)) {
            streams.start();
            try (KafkaProducer<String, String> producer = producer(bootstrap, null)) {
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>(topics.name("in"), "run-" + i % 2, "v" + i));
                }
            }
            List<String> out = new ArrayList<>(values(readCommitted(bootstrap, topics.name("out"), 10)));
            out.sort(null);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                expected.add("V" + i);
            }
            expected.sort(null);
            assertEquals(expected, out);
            streams.close(Duration.ofSeconds(10));
        }
    }
}
