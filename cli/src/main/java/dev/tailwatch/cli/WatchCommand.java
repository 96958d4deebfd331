package dev.tailwatch.cli;

import dev.tailwatch.schema.TopicSpec;
import dev.tailwatch.schema.Topics;
import dev.tailwatch.schema.UndecodableRecordException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tailwatch watch}: prints the decoded records of one topic. */
@Command(name = "watch",
        mixinStandardHelpOptions = true,
        description = {"Print the decoded records of a tailwatch topic (noise values summarised, not dumped).",
                "Reads committed records only; never commits offsets, so it disturbs no other consumer."})
final class WatchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BootstrapOption broker;

    @Option(names = "--topic", required = true, paramLabel = "T",
            description = "runs, noise, metrics, alpha, events, layer-stats or dlq.")
    String topic;

    @Option(names = "--run", paramLabel = "ID", description = "Only records of this run.")
    String runId;

    @Option(names = "--from-beginning", description = "Start at the oldest record instead of the newest.")
    boolean fromBeginning;

    @Option(names = "--until-idle", paramLabel = "SECONDS",
            description = "Exit after this many seconds without a new record (default: run until Ctrl-C).")
    Double untilIdle;

    @Option(names = "--json", description = "One JSON object per line.")
    boolean json;

    @Override
    public Integer call() throws BadInputException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TopicSpec<?> topicSpec;
        try {
            topicSpec = Topics.byName(topic);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        KafkaClients.requireReachable(broker.target());
        requireTopicExists(topicSpec);
        long printed = 0;
        try (CtrlC.StopFlag stop = CtrlC.stopFlag("tailwatch-watch", Duration.ofSeconds(5));
             KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.subscribe(Set.of(topicSpec.name()));
            long lastRecordNanos = System.nanoTime();
            while (!stop.requested()) {
                boolean any = false;
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    any = true;
                    printed += print(topicSpec, record, out, err) ? 1 : 0;
                }
                out.flush();
                if (any) {
                    lastRecordNanos = System.nanoTime();
                } else if (untilIdle != null && System.nanoTime() - lastRecordNanos > untilIdle * 1e9) {
                    break;
                }
            }
        }
        err.println("tailwatch watch: " + printed + " records from " + topicSpec.name());
        return 0;
    }

    private boolean print(TopicSpec<?> spec, ConsumerRecord<String, byte[]> record, PrintWriter out, PrintWriter err) {
        if (runId != null && !runId.equals(record.key())) {
            return false;
        }
        SpecificRecord value;
        try {
            value = spec.valueSerde().decode(record.value());
        } catch (UndecodableRecordException e) {
            err.println("tailwatch watch: " + spec.name() + " partition " + record.partition() + " offset " + record.offset()
                    + ": " + e.getMessage());
            return false;
        }
        if (value == null) {
            return false;
        }
        ObjectNode node = RecordJson.of(value);
        if (json) {
            out.println(node.toString());
        } else {
            StringBuilder line = new StringBuilder(spec.shortName()).append(' ');
            for (Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> field = it.next();
                line.append(field.getKey()).append('=').append(field.getValue().isTextual()
                        ? field.getValue().asText() : field.getValue().toString());
                if (it.hasNext()) {
                    line.append(' ');
                }
            }
            out.println(line);
        }
        return true;
    }

    private void requireTopicExists(TopicSpec<?> spec) throws BadInputException {
        try (Admin admin = Admin.create(broker.target().properties())) {
            if (!admin.listTopics().names().get().contains(spec.name())) {
                throw new BadInputException("topic " + spec.name() + " does not exist on " + broker.servers
                        + " yet (it is created by tailwatch broker, process or simulate)");
            }
        } catch (ExecutionException e) {
            throw new BadInputException(KafkaClients.refusal(broker.target(), e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BadInputException("interrupted");
        }
    }

    private KafkaConsumer<String, byte[]> consumer() throws BadInputException {
        Properties p = broker.target().properties();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "tailwatch-watch-" + UUID.randomUUID());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, TopicSpec.MAX_PRODUCER_REQUEST_BYTES);
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
