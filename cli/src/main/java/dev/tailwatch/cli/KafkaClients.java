package dev.tailwatch.cli;

import dev.tailwatch.schema.TopicSpec;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Client settings shared by the commands, and the one reachability check they all make first. */
final class KafkaClients {

    private static final Duration REACH_TIMEOUT = Duration.ofSeconds(10);

    private KafkaClients() {
    }

    /**
     * Fails fast, with a sentence naming the address and the cause, when no broker answers there or it refuses
     * this client (credentials, TLS) — rather than a client retrying silently for minutes.
     */
    static void requireReachable(KafkaTarget kafka) throws BadInputException {
        Properties p = kafka.properties();
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) REACH_TIMEOUT.toMillis());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) REACH_TIMEOUT.toMillis());
        try (Admin admin = Admin.create(p)) {
            admin.describeCluster().nodes().get(REACH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable(kafka);
            }
            throw new BadInputException(refusal(kafka, e.getCause()));
        } catch (TimeoutException e) {
            throw unreachable(kafka);
        } catch (KafkaException e) {
            // Made but unusable: a truststore or keystore that cannot be read, a JAAS line that does not parse.
            throw new BadInputException("cannot make a Kafka client with " + kafka.client().source() + ": " + rootMessage(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BadInputException("interrupted while connecting to " + kafka.servers());
        }
    }

    private static BadInputException unreachable(KafkaTarget kafka) {
        // A plaintext client against a TLS listener looks the same from here: the connection never completes.
        return new BadInputException("cannot reach Kafka at " + kafka.servers() + " within " + REACH_TIMEOUT.toSeconds()
                + " s; is a broker running there? (start one with: tailwatch broker"
                + (kafka.client().isEmpty() ? "; a secured cluster needs --client-config FILE)" : ")"));
    }

    /** One line for a broker that answered but refused this client. */
    static String refusal(KafkaTarget kafka, Throwable cause) {
        String file = kafka.client().isEmpty() ? "no --client-config" : kafka.client().source().toString();
        if (cause instanceof SaslAuthenticationException) {
            return "Kafka at " + kafka.servers() + " refused the credentials in " + file + ": " + cause.getMessage();
        }
        if (cause instanceof SslAuthenticationException) {
            return "TLS with Kafka at " + kafka.servers() + " failed (" + file + "): " + rootMessage(cause)
                    + "; check ssl.truststore.* (the cluster's CA)";
        }
        if (cause instanceof AuthenticationException) {
            return "Kafka at " + kafka.servers() + " did not authenticate this client (" + file + "): " + cause.getMessage();
        }
        if (cause instanceof AuthorizationException) {
            return "the principal of " + file + " may not do this on " + kafka.servers() + ": " + cause.getMessage()
                    + "; grant its role's ACLs (docs/SECURITY.md)";
        }
        return "Kafka at " + kafka.servers() + " answered with an error: " + rootMessage(cause);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    /** An idempotent, acks=all producer: a publisher's retries never duplicate or reorder a run's records. */
    static KafkaProducer<String, byte[]> reliableProducer(KafkaTarget kafka) {
        Properties p = kafka.properties();
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, TopicSpec.MAX_PRODUCER_REQUEST_BYTES);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * A consumer without a group that reads committed records only: for reading topics from a position the
     * caller assigns, not for sharing work. Its fetch sizes are large so that reading a run back takes few
     * requests; they are not what lets a large noise record through (one above them still comes, alone).
     */
    static KafkaConsumer<String, byte[]> committedReader(KafkaTarget kafka) {
        Properties p = kafka.properties();
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 32 << 20);
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 << 20);
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
