package dev.tailwatch.broker;

import static dev.tailwatch.broker.Clients.producer;
import static dev.tailwatch.broker.Clients.readCommitted;
import static dev.tailwatch.broker.Clients.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class EmbeddedKafkaBrokerTest {

    @TempDir
    Path dir;

    @Test
    void recordsRoundTripInOrderPerKey() throws Exception {
        String bootstrap = SharedTestBroker.bootstrapServers();
        String topic = SharedTestBroker.uniqueTopics(3, "round-trip").name("round-trip");
        try (KafkaProducer<String, String> producer = producer(bootstrap, null)) {
            for (int i = 0; i < 30; i++) {
                producer.send(new ProducerRecord<>(topic, "run-" + i % 3, Integer.toString(i)));
            }
            producer.flush();
        }
        List<ConsumerRecord<String, String>> records = readCommitted(bootstrap, topic, 30);
        assertEquals(30, records.size());
        Map<String, List<Integer>> byKey = records.stream().collect(Collectors.groupingBy(ConsumerRecord::key,
                Collectors.mapping(r -> Integer.parseInt(r.value()), Collectors.toList())));
        for (int k = 0; k < 3; k++) {
            int first = k;
            assertEquals(IntStream.range(0, 10).map(j -> first + 3 * j).boxed().toList(), byKey.get("run-" + k));
        }
    }

    @Test
    void idempotentAndTransactionalProducersWorkAndAbortedRecordsStayHidden() {
        String bootstrap = SharedTestBroker.bootstrapServers();
        String topic = SharedTestBroker.uniqueTopics(2, "tx").name("tx");
        try (KafkaProducer<String, String> idempotent = producer(bootstrap, null)) {
            idempotent.send(new ProducerRecord<>(topic, "k", "plain"));
        }
        try (KafkaProducer<String, String> tx = producer(bootstrap, SharedTestBroker.uniqueName("tx"))) {
            tx.initTransactions();
            tx.beginTransaction();
            tx.send(new ProducerRecord<>(topic, "k", "committed-1"));
            tx.send(new ProducerRecord<>(topic, "k", "committed-2"));
            tx.commitTransaction();
            tx.beginTransaction();
            tx.send(new ProducerRecord<>(topic, "k", "aborted"));
            tx.flush();
            tx.abortTransaction();
        }
        assertEquals(List.of("plain", "committed-1", "committed-2"), values(readCommitted(bootstrap, topic, 3)));
    }

    @Test
    void createTopicsLeavesExistingTopicsAsTheyAre() throws Exception {
        EmbeddedKafkaBroker broker = SharedTestBroker.get();
        String name = SharedTestBroker.uniqueName("idempotent");
        broker.createTopics(new NewTopic(name, 3, (short) 1));
        broker.createTopics(new NewTopic(name, 5, (short) 1), new NewTopic(name + "-other", 1, (short) 1));
        try (Admin admin = broker.admin()) {
            var described = admin.describeTopics(List.of(name, name + "-other")).allTopicNames().get();
            assertEquals(3, described.get(name).partitions().size());
            assertEquals(1, described.get(name + "-other").partitions().size());
        }
    }

    @Test
    void aRestartOnTheSameDataDirAndPortKeepsTopicsAndRecords() throws Exception {
        Path data = dir.resolve("kafka");
        int port;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(data).build().start()) {
            port = broker.port();
            assertEquals("127.0.0.1:" + port, broker.bootstrapServers());
            assertFalse(broker.hasTemporaryDataDir());
            broker.createTopics(new NewTopic("kept", 3, (short) 1));
            try (KafkaProducer<String, String> tx = producer(broker.bootstrapServers(), "restart-tx")) {
                tx.initTransactions();
                tx.beginTransaction();
                for (int i = 0; i < 10; i++) {
                    tx.send(new ProducerRecord<>("kept", "run-" + i, "v" + i));
                }
                tx.commitTransaction();
            }
        }
        assertTrue(Files.exists(data.resolve("meta.properties")), "close keeps a named data dir");
        String metaBefore = Files.readString(data.resolve("meta.properties"));

        try (EmbeddedKafkaBroker again = EmbeddedKafkaBroker.builder().dataDir(data).port(port).build().start()) {
            assertEquals("127.0.0.1:" + port, again.bootstrapServers());
            assertEquals(metaBefore, Files.readString(data.resolve("meta.properties")), "not formatted again");
            BrokerStartException sameDir = assertThrows(BrokerStartException.class,
                    () -> EmbeddedKafkaBroker.builder().dataDir(data).build().start());
            assertEquals("data dir " + data + " is in use by another broker in this JVM", sameDir.getMessage());
            try (Admin admin = again.admin()) {
                assertEquals(3, admin.describeTopics(List.of("kept")).allTopicNames().get().get("kept").partitions().size());
            }
            List<String> values = new ArrayList<>(values(readCommitted(again.bootstrapServers(), "kept", 10)));
            values.sort(null);
            assertEquals(IntStream.range(0, 10).mapToObj(i -> "v" + i).sorted().toList(), values);
            // The transaction coordinator came back too: the same transactional id can carry on.
            try (KafkaProducer<String, String> tx = producer(again.bootstrapServers(), "restart-tx")) {
                tx.initTransactions();
                tx.beginTransaction();
                tx.send(new ProducerRecord<>("kept", "run-0", "after-restart"));
                tx.commitTransaction();
            }
            assertEquals(11, readCommitted(again.bootstrapServers(), "kept", 11).size());
        }
    }

    @Test
    void twoBrokersRunSideBySideAndCloseFreesThePortsAndTheTemporaryDir() throws Exception {
        EmbeddedKafkaBroker a = EmbeddedKafkaBroker.builder().build().start();
        Path aData;
        int aPort;
        int aControllerPort;
        try (EmbeddedKafkaBroker b = EmbeddedKafkaBroker.builder().partitions(4).build().start()) {
            try {
                assertNotEquals(a.bootstrapServers(), b.bootstrapServers());
                aData = a.dataDir();
                aPort = a.port();
                aControllerPort = a.controllerPort();
                assertTrue(a.hasTemporaryDataDir());
                for (EmbeddedKafkaBroker broker : List.of(a, b)) {
                    try (KafkaProducer<String, String> producer = producer(broker.bootstrapServers(), null)) {
                        producer.send(new ProducerRecord<>("auto", "k", broker.bootstrapServers())).get();
                    }
                    assertEquals(List.of(broker.bootstrapServers()), values(readCommitted(broker.bootstrapServers(), "auto", 1)));
                }
                try (Admin admin = b.admin()) {
                    assertEquals(4, admin.describeTopics(List.of("auto")).allTopicNames().get().get("auto").partitions().size(),
                            "auto-created topics get the builder's partitions");
                }
            } finally {
                a.close();
            }
            assertFalse(a.isRunning());
            assertFalse(Files.exists(aData), "a temporary data dir goes with the broker");
            for (int freed : List.of(aPort, aControllerPort)) {
                try (ServerSocket socket = new ServerSocket(freed, 1, InetAddress.getByName("127.0.0.1"))) {
                    assertEquals(freed, socket.getLocalPort());
                }
            }
            // Closing one broker must not disturb the other one in the same JVM.
            try (KafkaProducer<String, String> producer = producer(b.bootstrapServers(), null)) {
                producer.send(new ProducerRecord<>("auto", "k", "after-a-closed")).get();
            }
            assertEquals(2, readCommitted(b.bootstrapServers(), "auto", 2).size());
        }
        a.close();   // idempotent
    }

    @Test
    void aPortInUseOrAFileAsDataDirIsOneClearError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().port(taken.getLocalPort()).build();
            BrokerStartException e = assertThrows(BrokerStartException.class, broker::start);
            assertEquals("127.0.0.1:" + taken.getLocalPort() + " is in use", e.getMessage());
            assertFalse(broker.isRunning());
            assertThrows(IllegalStateException.class, broker::start, "a broker starts once");
        }
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        BrokerStartException e = assertThrows(BrokerStartException.class,
                () -> EmbeddedKafkaBroker.builder().dataDir(file).build().start());
        assertEquals("data dir " + file + " is not a directory", e.getMessage());
        BrokerStartException under = assertThrows(BrokerStartException.class,
                () -> EmbeddedKafkaBroker.builder().dataDir(file.resolve("sub")).build().start());
        assertTrue(under.getMessage().startsWith("cannot create data dir " + file.resolve("sub")), under.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EmbeddedKafkaBroker.builder().port(70000));
        assertThrows(IllegalStateException.class, () -> EmbeddedKafkaBroker.builder().build().bootstrapServers());
    }

    @Test
    void kafkaServerLoggingStaysAtWarn() {
        SharedTestBroker.get();
        for (String name : List.of("kafka.server.BrokerServer", "org.apache.kafka.controller.QuorumController",
                "org.apache.kafka.storage.internals.log.UnifiedLog", "state.change.logger")) {
            var logger = LoggerFactory.getLogger(name);
            assertFalse(logger.isInfoEnabled(), name);
            assertTrue(logger.isWarnEnabled(), name);
        }
    }
}
