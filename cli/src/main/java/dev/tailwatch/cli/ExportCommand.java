package dev.tailwatch.cli;

import dev.tailwatch.schema.TopicSpec;
import java.io.IOException;
import java.io.PrintWriter;
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

    @Mixin
    RunOptions.Required run;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the .avro files (created).")
    Path out;

    @Override
    public Integer call() throws BadInputException {
        PrintWriter stdout = spec.commandLine().getOut();
        String runId = run.id;
        try {
            KafkaTarget kafka = broker.target();
            KafkaClients.requireReachable(kafka);
            List<TopicSpec<?>> topics = new ArrayList<>(RunArchive.INPUT_TOPICS);
            topics.addAll(RunArchive.RESULT_TOPICS);
            // Everything is read before the folder is touched: an unknown run or a failed read leaves no files.
            List<List<byte[]>> values = new ArrayList<>();
            long total = 0;
            for (TopicSpec<?> topic : topics) {
                values.add(RunRecords.read(kafka, topic.name(), runId).stream().map(r -> r.value()).toList());
                total += values.get(values.size() - 1).size();
            }
            if (total == 0) {
                throw new BadInputException("run '" + runId + "' has no records on " + broker.servers);
            }
            StringBuilder counts = new StringBuilder();
            for (int t = 0; t < topics.size(); t++) {
                counts.append(counts.length() == 0 ? "" : ", ").append(topics.get(t).shortName()).append(' ').append(values.get(t).size());
            }
            RunArchive.writeAll(out, topics, values);
            stdout.println("run " + runId + " exported to " + out.toAbsolutePath() + ": " + counts);
            return 0;
        } catch (IOException e) {
            throw new BadInputException("--out " + out + ": " + OutputPaths.reason(e));
        }
    }
}
