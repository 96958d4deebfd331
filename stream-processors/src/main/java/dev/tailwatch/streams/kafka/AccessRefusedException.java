package dev.tailwatch.streams.kafka;

import dev.tailwatch.schema.Topics;
import dev.tailwatch.schema.client.ClientConfigFile;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;

/**
 * Kafka refused the processors' principal something no retry changes: an ACL is missing (a topic, the consumer
 * group, the transactional ids, the cluster's IdempotentWrite) or its credentials were refused. The message is the
 * one line a user acts on: what was refused, to which principal and file, and the {@code kafka-acls} command of
 * docs/SECURITY.md that grants it.
 */
public final class AccessRefusedException extends IllegalArgumentException {

    private static final List<String> INPUTS = List.of(Topics.RUNS.name(), Topics.NOISE.name(), Topics.METRICS.name());
    private static final List<String> OUTPUTS = List.of(Topics.ALPHA.name(), Topics.EVENTS.name(), Topics.LAYER_STATS.name(),
            Topics.DLQ.name());
    /** The role file {@code tailwatch broker --secure DIR} writes for the processors. */
    static final String ROLE_FILE = "processors.properties";

    private AccessRefusedException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The refusal somewhere in a failure's cause chain (Kafka Streams wraps its clients' errors), or empty when the
     * failure is something else and may be transient.
     */
    public static Optional<AccessRefusedException> in(Throwable failure, ProcessorSettings settings) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof AuthorizationException || t instanceof AuthenticationException) {
                return Optional.of(of(t, null, settings));
            }
        }
        return Optional.empty();
    }

    /** A topic the processors may not create or describe at start, refused with {@code refusal}. */
    static AccessRefusedException topic(String topic, Throwable refusal, ProcessorSettings settings) {
        return of(refusal, topic, settings);
    }

    private static AccessRefusedException of(Throwable refusal, String topic, ProcessorSettings settings) {
        ClientConfigFile client = settings.client();
        String file = client.isEmpty() ? "no --client-config" : client.source().toString();
        String servers = settings.bootstrapServers();
        String reason = refusal.getMessage() == null ? refusal.getClass().getSimpleName() : refusal.getMessage().strip();
        if (refusal instanceof AuthenticationException) {
            return new AccessRefusedException("Kafka at " + servers + " refused the credentials in " + file + " (" + reason
                    + "); check the user and password there", refusal);
        }
        String principal = client.saslUsername().map(u -> "User:" + u).orElse("User:PRINCIPAL");
        Grant grant = grant(refusal, topic, settings.applicationId());
        StringBuilder line = new StringBuilder("Kafka at ").append(servers).append(" refused ").append(grant.what())
                .append(" to the principal ").append(client.saslUsername().isPresent() ? principal + " of " : "of ").append(file)
                .append(" (").append(reason).append("); ");
        if (grant.acl() == null) {
            line.append("grant it the processors' ACLs in docs/SECURITY.md");
        } else {
            line.append("grant it with: kafka-acls --bootstrap-server ").append(servers)
                    .append(" --command-config ADMIN.properties --add --allow-principal ").append(principal).append(' ')
                    .append(grant.acl()).append(" (docs/SECURITY.md)");
        }
        if (client.source() != null && !client.source().getFileName().toString().equals(ROLE_FILE)) {
            line.append(", or use the processors' role file (DIR/").append(ROLE_FILE).append(" of tailwatch broker --secure DIR)");
        }
        return new AccessRefusedException(line.toString(), refusal);
    }

    /** What was refused, and the kafka-acls arguments (null when unknown) that docs/SECURITY.md gives for it. */
    private record Grant(String what, String acl) {
    }

    private static Grant grant(Throwable refusal, String topic, String applicationId) {
        if (refusal instanceof GroupAuthorizationException g) {
            return new Grant("consumer group " + (g.groupId() == null ? applicationId : g.groupId()),
                    "--operation Read --operation Describe --resource-pattern-type prefixed --group " + applicationId);
        }
        if (refusal instanceof TransactionalIdAuthorizationException) {
            return new Grant("the transactional ids of application " + applicationId,
                    "--operation Write --operation Describe --resource-pattern-type prefixed --transactional-id " + applicationId);
        }
        if (refusal instanceof ClusterAuthorizationException) {
            return new Grant("IdempotentWrite on the cluster", "--operation IdempotentWrite --cluster");
        }
        if (topic == null && refusal instanceof TopicAuthorizationException t && !t.unauthorizedTopics().isEmpty()) {
            topic = t.unauthorizedTopics().stream().sorted().findFirst().orElseThrow();
        }
        if (topic == null) {
            return new Grant("a topic", null);
        }
        if (INPUTS.contains(topic)) {
            return new Grant("input topic " + topic, "--operation Read --operation Describe --operation Create "
                    + "--operation DescribeConfigs" + topics(INPUTS));
        }
        if (OUTPUTS.contains(topic)) {
            return new Grant("output topic " + topic, "--operation Write --operation Describe --operation Create "
                    + "--operation DescribeConfigs" + topics(OUTPUTS));
        }
        if (topic.startsWith(applicationId)) {
            return new Grant("internal topic " + topic, "--operation Create --operation Read --operation Write "
                    + "--operation Describe --operation DescribeConfigs --resource-pattern-type prefixed --topic " + applicationId);
        }
        return new Grant("topic " + topic, null);
    }

    private static String topics(List<String> names) {
        StringBuilder out = new StringBuilder();
        names.forEach(n -> out.append(" --topic ").append(n));
        return out.toString();
    }
}
