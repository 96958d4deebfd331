package dev.tailwatch.streams.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tailwatch.schema.client.ClientConfigFile;
import dev.tailwatch.streams.analysis.AnalysisConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A refused principal stops the processors with one line naming what was refused and the grant; anything else
 * still replaces the stream thread.
 */
class AccessRefusedTest {

    private static final String B = "broker:9093";

    @TempDir
    Path dir;

    private ProcessorSettings settings(String fileName, String applicationId) throws IOException {
        Path file = Files.writeString(dir.resolve(fileName), "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n"
                + "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username\\=\"ops\" "
                + "password\\=\"pa55-word\";\n");
        return new ProcessorSettings(B, applicationId, dir, AnalysisConfig.defaults(), ProcessorSettings.DEFAULT_MAX_RECORD_BYTES,
                Duration.ofHours(1), Duration.ofMinutes(5), 1, 0, ClientConfigFile.load(file, "--client-config " + file));
    }

    private static String line(Throwable failure, ProcessorSettings settings) {
        return AccessRefusedException.in(failure, settings).orElseThrow().getMessage();
    }

    @Test
    void eachRefusalNamesItsResourceAndTheGrantOfDocsSecurity() throws IOException {
        ProcessorSettings s = settings("processors.properties", "my-app");
        String file = s.client().source().toString();
        String prefix = "Kafka at " + B + " refused ";
        String grant = "; grant it with: kafka-acls --bootstrap-server " + B + " --command-config ADMIN.properties --add "
                + "--allow-principal User:ops ";
        // Kafka Streams hands the handler its own wrapper; the refusal is its cause.
        assertEquals(prefix + "consumer group my-app to the principal User:ops of " + file + " (Not authorized to access group: my-app)"
                        + grant + "--operation Read --operation Describe --resource-pattern-type prefixed --group my-app (docs/SECURITY.md)",
                line(new StreamsException(new GroupAuthorizationException("Not authorized to access group: my-app", "my-app")), s));
        assertEquals(prefix + "the transactional ids of application my-app to the principal User:ops of " + file
                        + " (Transactional Id authorization failed.)" + grant
                        + "--operation Write --operation Describe --resource-pattern-type prefixed --transactional-id my-app (docs/SECURITY.md)",
                line(new StreamsException("Error encountered trying to initialize transactions",
                        new TransactionalIdAuthorizationException("Transactional Id authorization failed.")), s));
        assertEquals(prefix + "output topic tailwatch.alpha to the principal User:ops of " + file
                        + " (Not authorized to access topics: [tailwatch.alpha])" + grant + "--operation Write --operation Describe "
                        + "--operation Create --operation DescribeConfigs --topic tailwatch.alpha --topic tailwatch.events "
                        + "--topic tailwatch.layer-stats --topic tailwatch.dlq (docs/SECURITY.md)",
                line(new StreamsException(new KafkaException(new TopicAuthorizationException(Set.of("tailwatch.alpha")))), s));
        assertTrue(line(new TopicAuthorizationException(Set.of("tailwatch.noise")), s).startsWith(prefix + "input topic tailwatch.noise "));
        assertTrue(line(new TopicAuthorizationException(Set.of("my-app-tailwatch-analysis-state-changelog")), s)
                .contains("--resource-pattern-type prefixed --topic my-app (docs/SECURITY.md)"));
        assertTrue(line(new ClusterAuthorizationException("Cluster authorization failed."), s)
                .contains("--operation IdempotentWrite --cluster"));
    }

    @Test
    void anotherRolesFileIsToldToUseTheProcessorsFile() throws IOException {
        ProcessorSettings s = settings("reader.properties", "my-app");
        assertTrue(line(new GroupAuthorizationException("no", "my-app"), s)
                .endsWith(" (docs/SECURITY.md), or use the processors' role file (DIR/processors.properties of tailwatch broker --secure DIR)"));
    }

    @Test
    void refusedCredentialsNameTheFileAndNeverThePassword() throws IOException {
        ProcessorSettings s = settings("processors.properties", "my-app");
        String line = line(new StreamsException(new SaslAuthenticationException("Authentication failed during authentication")), s);
        assertEquals("Kafka at " + B + " refused the credentials in " + s.client().source()
                + " (Authentication failed during authentication); check the user and password there", line);
        assertFalse(line.contains("pa55-word"), line);
    }

    @Test
    void aRefusalShutsThisClientDownAndAnythingElseReplacesTheThread() throws IOException {
        ProcessorSettings s = settings("processors.properties", "my-app");
        AtomicReference<AccessRefusedException> refused = new AtomicReference<>();
        var handler = TailwatchProcessors.uncaughtExceptionHandler(s, refused);

        assertEquals(StreamThreadExceptionResponse.REPLACE_THREAD, handler.handle(new StreamsException(new TimeoutException("slow"))));
        assertEquals(Optional.empty(), Optional.ofNullable(refused.get()), "a transient failure is not a refusal");
        assertEquals(StreamThreadExceptionResponse.SHUTDOWN_CLIENT,
                handler.handle(new StreamsException(new GroupAuthorizationException("no", "my-app"))));
        assertTrue(refused.get().getMessage().contains("consumer group my-app"), refused.get().getMessage());
        handler.handle(new StreamsException(new TransactionalIdAuthorizationException("later")));
        assertTrue(refused.get().getMessage().contains("consumer group my-app"), "the first refusal is the one reported");
    }
}
