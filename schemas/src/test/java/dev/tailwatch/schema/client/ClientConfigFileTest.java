package dev.tailwatch.schema.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientConfigFileTest {

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"trainer\" password=\"s3cr3t-value\";";

    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void securitySettingsReachEveryClientAndSecretsAreHidden() throws IOException {
        Path file = write("security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\nsasl.jaas.config=" + JAAS.replace("\"", "\\\"")
                + "\nssl.truststore.location=/etc/tw/truststore.p12\nssl.truststore.password=trust-pass\nacks=all\n");
        ClientConfigFile config = ClientConfigFile.load(file, "--client-config " + file);
        assertEquals(6, config.settings().size());
        Properties producer = config.applyTo(new Properties());
        assertEquals("SASL_SSL", producer.getProperty("security.protocol"));
        assertEquals(JAAS, producer.getProperty("sasl.jaas.config"));
        String shown = config.describe() + " " + config;
        assertFalse(shown.contains("s3cr3t-value"), shown);
        assertFalse(shown.contains("trust-pass"), shown);
        assertTrue(shown.contains("security.protocol=SASL_SSL"), shown);
        assertTrue(shown.contains("sasl.jaas.config=[hidden]"), shown);
    }

    @Test
    void theSaslUserNameIsReadWithoutThePassword() throws IOException {
        Path quoted = write("sasl.jaas.config=" + JAAS.replace("\"", "\\\"") + "\n");
        assertEquals(java.util.Optional.of("trainer"), ClientConfigFile.load(quoted, "f").saslUsername());
        Path bare = write("sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required password=x username=ops-1;\n");
        assertEquals(java.util.Optional.of("ops-1"), ClientConfigFile.load(bare, "f").saslUsername());
        Path tls = write("security.protocol=SSL\n");
        assertTrue(ClientConfigFile.load(tls, "f").saslUsername().isEmpty(), "mTLS: the principal is the certificate's");
    }

    @Test
    void aKeyThatWouldWeakenAPromiseIsRefusedByName() throws IOException {
        for (Map.Entry<String, String> bad : Map.of("acks", "1", "enable.idempotence", "false",
                "isolation.level", "read_uncommitted", "processing.guarantee", "at_least_once").entrySet()) {
            Path file = write("security.protocol=SSL\n" + bad.getKey() + "=" + bad.getValue() + "\n");
            ClientConfigException e = assertThrows(ClientConfigException.class, () -> ClientConfigFile.load(file, "--client-config " + file));
            assertTrue(e.getMessage().startsWith("--client-config " + file + ": key '" + bad.getKey() + "' would weaken"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        }
        // Repeating the required value is fine; -1 is acks=all.
        assertEquals(1, ClientConfigFile.load(write("acks=-1\n"), "f").settings().size());
    }

    @Test
    void keysTailwatchSetsItselfAreRefused() throws IOException {
        for (String key : new String[] {"bootstrap.servers", "group.id", "transactional.id", "value.serializer", "commit.interval.ms",
            "transaction.timeout.ms"}) {
            Path file = write(key + "=x\n");
            ClientConfigException e = assertThrows(ClientConfigException.class, () -> ClientConfigFile.load(file, "F"));
            assertTrue(e.getMessage().startsWith("F: key '" + key + "' cannot be set here"), e.getMessage());
        }
    }

    @Test
    void aSecretNeverReachesAnErrorMessage() throws IOException {
        Path file = write("sasl.jaas.config=" + JAAS.replace("\"", "\\\"") + "\nacks=0\n");
        ClientConfigException e = assertThrows(ClientConfigException.class, () -> ClientConfigFile.load(file, "F"));
        assertFalse(e.getMessage().contains("s3cr3t-value"), e.getMessage());
    }

    @Test
    void aMissingFileIsOneLineWithTheFix() {
        Path missing = dir.resolve("nope.properties");
        ClientConfigException e = assertThrows(ClientConfigException.class,
                () -> ClientConfigFile.resolve(missing, k -> null));
        assertEquals("--client-config " + missing + ": no such file; give a Kafka client properties file "
                + "(security.protocol, sasl.*, ssl.*)", e.getMessage());
    }

    @Test
    void theEnvironmentVariableNamesTheFileWhenTheOptionIsAbsent() throws IOException {
        Path file = write("security.protocol=SSL\n");
        ClientConfigFile fromEnvironment = ClientConfigFile.resolve(null,
                k -> k.equals(ClientConfigFile.ENVIRONMENT_VARIABLE) ? file.toString() : null);
        assertEquals(Map.of("security.protocol", "SSL"), fromEnvironment.settings());
        assertSame(ClientConfigFile.none(), ClientConfigFile.resolve(null, k -> null));
        ClientConfigException e = assertThrows(ClientConfigException.class,
                () -> ClientConfigFile.resolve(null, k -> "/no/such/file"));
        assertTrue(e.getMessage().startsWith(ClientConfigFile.ENVIRONMENT_VARIABLE + "=/no/such/file: no such file"), e.getMessage());
    }
}
