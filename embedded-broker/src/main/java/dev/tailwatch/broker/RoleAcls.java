package dev.tailwatch.broker;

import dev.tailwatch.broker.SecureBrokerFiles.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The least privilege of each role on tailwatch's topics, as ACL bindings (docs/SECURITY.md lists them as
 * {@code kafka-acls} commands). The admin principal is a super user and needs none.
 *
 * @param inputs        the topics trainers write and processors read (runs, noise, metrics)
 * @param outputs       the topics processors write (alpha, events, layer-stats, dead letters)
 * @param applicationId the processors' Kafka Streams application id: the prefix of their consumer group,
 *                      transactional ids and internal (changelog) topics
 * @param readerGroups  the prefix of the consumer groups `watch`, `replay` and `export` use
 */
public record RoleAcls(List<String> inputs, List<String> outputs, String applicationId, String readerGroups) {

    /** Every binding, role by role. */
    public List<AclBinding> bindings() {
        List<AclBinding> out = new ArrayList<>();
        // Trainers: write their run's inputs (creating the topics when missing), idempotently; `import` reads them to
        // refuse a run that is already there.
        for (String topic : inputs) {
            allow(out, Role.TRAINER, topic(topic), AclOperation.WRITE, AclOperation.READ, AclOperation.DESCRIBE,
                    AclOperation.CREATE, AclOperation.DESCRIBE_CONFIGS);
        }
        allow(out, Role.TRAINER, cluster(), AclOperation.IDEMPOTENT_WRITE);
        // Processors: read inputs, write outputs, their group, their transactions and their internal topics.
        for (String topic : inputs) {
            allow(out, Role.PROCESSORS, topic(topic), AclOperation.READ, AclOperation.DESCRIBE, AclOperation.CREATE,
                    AclOperation.DESCRIBE_CONFIGS);
        }
        for (String topic : outputs) {
            allow(out, Role.PROCESSORS, topic(topic), AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.CREATE,
                    AclOperation.DESCRIBE_CONFIGS);
        }
        allow(out, Role.PROCESSORS, new ResourcePattern(ResourceType.GROUP, applicationId, PatternType.PREFIXED),
                AclOperation.READ, AclOperation.DESCRIBE);
        allow(out, Role.PROCESSORS, new ResourcePattern(ResourceType.TRANSACTIONAL_ID, applicationId, PatternType.PREFIXED),
                AclOperation.WRITE, AclOperation.DESCRIBE);
        allow(out, Role.PROCESSORS, new ResourcePattern(ResourceType.TOPIC, applicationId, PatternType.PREFIXED),
                AclOperation.CREATE, AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS);
        allow(out, Role.PROCESSORS, cluster(), AclOperation.IDEMPOTENT_WRITE);
        // Readers: every tailwatch topic, read only, in their own groups.
        for (String topic : concat(inputs, outputs)) {
            allow(out, Role.READER, topic(topic), AclOperation.READ, AclOperation.DESCRIBE);
        }
        allow(out, Role.READER, new ResourcePattern(ResourceType.GROUP, readerGroups, PatternType.PREFIXED),
                AclOperation.READ, AclOperation.DESCRIBE);
        return out;
    }

    /** Creates every binding; returns how many. */
    public int apply(Admin admin) throws InterruptedException {
        List<AclBinding> bindings = bindings();
        try {
            admin.createAcls(bindings).all().get();
        } catch (ExecutionException e) {
            throw new BrokerStartException("could not create the roles' ACLs: " + e.getCause().getMessage(), e.getCause());
        }
        return bindings.size();
    }

    private static void allow(List<AclBinding> out, Role role, ResourcePattern pattern, AclOperation... operations) {
        for (AclOperation operation : operations) {
            out.add(new AclBinding(pattern, new AccessControlEntry("User:" + role.user(), "*", operation, AclPermissionType.ALLOW)));
        }
    }

    private static ResourcePattern topic(String name) {
        return new ResourcePattern(ResourceType.TOPIC, name, PatternType.LITERAL);
    }

    private static ResourcePattern cluster() {
        return new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
