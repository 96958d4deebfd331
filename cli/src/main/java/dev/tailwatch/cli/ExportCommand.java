package dev.tailwatch.cli;

import dev.tailwatch.schema.TopicSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tailwatch export}: one run's topics to Avro container files, schemas embedded. */
@Command(name = "export",
        mixinStandardHelpOptions = true,
        description = {"Write one run's records — runs, noise, metrics, alpha, events, layer-stats — to Avro object container "
                + "files (one per topic, schema embedded) in a folder, for archiving, for pandas/fastavro, Spark or DuckDB, "
                + "or for tailwatch import / replay --input."})
final class ExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BootstrapOption broker;

    @Option(names = "--run", required = true, paramLabel = "ID", description = "Run id.")
    String runId;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the .avro files (created).")
    Path out;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            KafkaClients.requireReachable(broker.servers);
            Files.createDirectories(out);
            List<TopicSpec<?>> topics = new ArrayList<>(RunArchive.INPUT_TOPICS);
            topics.addAll(RunArchive.RESULT_TOPICS);
            long total = 0;
            StringBuilder counts = new StringBuilder();
            for (TopicSpec<?> topic : topics) {
                List<byte[]> values = RunRecords.read(broker.servers, topic.name(), runId).stream().map(r -> r.value()).toList();
                int n = RunArchive.write(out, topic, values);
                total += n;
                counts.append(counts.length() == 0 ? "" : ", ").append(topic.shortName()).append(' ').append(n);
            }
            if (total == 0) {
                throw new BadInputException("run '" + runId + "' has no records on " + broker.servers);
            }
            stdout.println("run " + runId + " exported to " + out.toAbsolutePath() + ": " + counts);
            return 0;
        } catch (BadInputException e) {
            err.println("tailwatch export: " + e.getMessage());
            return OneLineUsageErrors.BAD_INPUT;
        } catch (IOException e) {
            err.println("tailwatch export: --out " + out + ": " + e.getMessage());
            return OneLineUsageErrors.BAD_INPUT;
        }
    }
}
