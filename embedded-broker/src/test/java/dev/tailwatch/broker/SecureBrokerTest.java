package dev.tailwatch.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tailwatch.broker.SecureBrokerFiles.Role;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The secured trial broker: SASL_SSL with SCRAM, a generated CA, ACLs per role, and clear failures. */
class SecureBrokerTest {

    private static final List<String> INPUTS = List.of("tailwatch.runs", "tailwatch.noise", "tailwatch.metrics");
    private static final List<String> OUTPUTS = List.of("tailwatch.alpha", "tailwatch.events", "tailwatch.layer-stats", "tailwatch.dlq");

    @TempDir
    static Path dir;
    private static EmbeddedKafkaBroker broker;
    private static SecureBrokerFiles files;

    @BeforeAll
    static void start() {
        files = SecureBrokerFiles.prepare(dir.resolve("secure"));
        broker = EmbeddedKafkaBroker.builder()
                .secure(files, new RoleAcls(INPUTS, OUTPUTS, "tailwatch-processors", "tailwatch-"))
                .build().start();
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private static Properties role(Role role) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(files.roleFile(role))) {
            p.load(in);
        }
        p.put("bootstrap.servers", broker.bootstrapServers());
        return p;
    }

    private static KafkaProducer<String, String> producer(Properties p) {
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private static List<ConsumerRecord<String, String>> read(Properties p, String topic, int expected, Duration wait) {
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + wait.toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    @Test
    void eachRoleDoesItsJobOverSaslSslAndNothingElse() throws Exception {
        try (KafkaProducer<String, String> trainer = producer(role(Role.TRAINER))) {
            trainer.send(new ProducerRecord<>("tailwatch.noise", "run-1", "sample")).get();
            trainer.send(new ProducerRecord<>("tailwatch.noise", "run-1", "sample 2")).get();
            // A trainer cannot write what only the processors write.
            ExecutionException denied = assertThrows(ExecutionException.class,
                    () -> trainer.send(new ProducerRecord<>("tailwatch.alpha", "run-1", "forged")).get());
            assertTrue(denied.getCause() instanceof TopicAuthorizationException, denied.toString());
        }
        List<ConsumerRecord<String, String>> seen = read(role(Role.READER), "tailwatch.noise", 2, Duration.ofSeconds(20));
        assertEquals(List.of("sample", "sample 2"), seen.stream().map(ConsumerRecord::value).toList());
        try (KafkaProducer<String, String> reader = producer(role(Role.READER))) {
            // Refused at the idempotent producer's first step (no IDEMPOTENT_WRITE), before any topic is asked for.
            ExecutionException denied = assertThrows(ExecutionException.class,
                    () -> reader.send(new ProducerRecord<>("tailwatch.noise", "run-1", "forged")).get());
            assertTrue(denied.getCause() instanceof AuthorizationException, denied.toString());
        }
        assertEquals(2, read(role(Role.READER), "tailwatch.noise", 3, Duration.ofSeconds(3)).size(), "nothing forged reached the topic");
    }

    @Test
    void aWrongPasswordFailsFastWithAnAuthenticationError() throws Exception {
        Properties p = role(Role.TRAINER);
        p.put("sasl.jaas.config", p.getProperty("sasl.jaas.config").replaceAll("password=\"[^\"]*\"", "password=\"wrong\""));
        long start = System.nanoTime();
        try (KafkaProducer<String, String> producer = producer(p)) {
            Exception e = assertThrows(Exception.class, () -> producer.send(new ProducerRecord<>("tailwatch.noise", "k", "v")).get());
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            assertTrue(cause instanceof SaslAuthenticationException, cause.toString());
        }
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(30).toNanos());
    }

    @Test
    void aMissingTruststoreIsRefusedWhenTheClientIsMade() throws Exception {
        Properties p = role(Role.READER);
        p.put("ssl.truststore.location", dir.resolve("no-such-truststore.p12").toString());
        KafkaException e = assertThrows(KafkaException.class, () -> producer(p));
        assertTrue(String.valueOf(e.getCause()).contains("no-such-truststore.p12")
                || String.valueOf(e.getCause().getCause()).contains("no-such-truststore.p12"), e.toString());
    }

    @Test
    void theFilesAreOwnerOnlyHoldNoPlainPasswordsOutsideThemAndAreReused() throws Exception {
        for (Role role : Role.values()) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(files.roleFile(role));
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), permissions, role.user());
        }
        Properties admin = role(Role.ADMIN);
        SecureBrokerFiles again = SecureBrokerFiles.prepare(files.dir());
        assertEquals(admin.getProperty("sasl.jaas.config"), again.clientProperties("admin").getProperty("sasl.jaas.config"));
        assertFalse(broker.bootstrapServers().isEmpty());
    }

    @Test
    void theBrokerCertificateNamesTheLoopbackAndTheComposeStacksBroker() throws Exception {
        java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
        Properties secrets = new Properties();
        try (Reader in = Files.newBufferedReader(files.dir().resolve("broker-secrets.properties"))) {
            secrets.load(in);
        }
        try (var in = Files.newInputStream(files.keystore())) {
            keys.load(in, secrets.getProperty("keystore.password").toCharArray());
        }
        var certificate = (java.security.cert.X509Certificate) keys.getCertificate("broker");
        List<String> names = certificate.getSubjectAlternativeNames().stream().map(n -> n.get(1).toString()).toList();
        // docker/compose.secure.yml runs its broker as host "kafka" with this certificate; clients check the name.
        assertEquals(List.of("127.0.0.1", "localhost", "kafka"), names);
    }

    @Test
    void aDirectoryHoldingSomethingElseIsRefused() throws IOException {
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.writeString(other.resolve("notes.txt"), "mine");
        BrokerStartException e = assertThrows(BrokerStartException.class, () -> SecureBrokerFiles.prepare(other));
        assertTrue(e.getMessage().contains("holds other files"), e.getMessage());
        assertEquals(List.of(other.resolve("notes.txt")), Files.list(other).toList());
    }
}
