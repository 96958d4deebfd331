package dev.tailwatch.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {

    @TempDir
    Path dir;

    @Test
    void transactionalRecordsRoundTripAndSurviveARestartOnTheSameDataDir() throws Exception {
        Path data = dir.resolve("kafka");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(data).build().start()) {
            assertTrue(broker.bootstrapServers().startsWith("127.0.0.1:"));
            broker.createTopics(List.of(new NewTopic("t1", 2, (short) 1)));
            broker.createTopics(List.of(new NewTopic("t1", 2, (short) 1)));   // idempotent
            try (KafkaProducer<String, String> producer = producer(broker, "tx-1")) {
                producer.initTransactions();
                producer.beginTransaction();
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>("t1", "run", "v" + i));
                }
                producer.commitTransaction();
            }
            assertEquals(10, readAll(broker, "t1", 10).size());
        }
        assertTrue(Files.exists(data.resolve("meta.properties")), "the log must be kept");
        try (EmbeddedKafkaBroker again = EmbeddedKafkaBroker.builder().dataDir(data).build().start()) {
            List<String> values = readAll(again, "t1", 10);
            assertEquals(10, values.size());
            assertTrue(values.containsAll(List.of("v0", "v9")));
            try (var admin = again.admin()) {
                assertTrue(admin.listTopics().names().get().contains("t1"));
            }
        }
    }

    @Test
    void twoBrokersRunSideBySideAndCloseReleasesThePortAndTheTempDir() throws Exception {
        Path tempData;
        int port;
        try (EmbeddedKafkaBroker a = EmbeddedKafkaBroker.builder().build().start();
             EmbeddedKafkaBroker b = EmbeddedKafkaBroker.builder().build().start()) {
            assertFalse(a.bootstrapServers().equals(b.bootstrapServers()));
            tempData = a.dataDir();
            port = a.port();
            try (KafkaProducer<String, String> producer = producer(b, null)) {
                producer.send(new ProducerRecord<>("auto", "k", "v")).get();
            }
            assertEquals(List.of("v"), readAll(b, "auto", 1));
        }
        assertFalse(Files.exists(tempData));
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            assertEquals(port, socket.getLocalPort());
        }
    }

    private static KafkaProducer<String, String> producer(EmbeddedKafkaBroker broker, String transactionalId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        if (transactionalId != null) {
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private static List<String> readAll(EmbeddedKafkaBroker broker, String topic, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(Set.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }
}
