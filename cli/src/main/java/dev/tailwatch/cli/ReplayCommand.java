package dev.tailwatch.cli;

import dev.tailwatch.streams.analysis.AnalysisConfig;
import dev.tailwatch.streams.kafka.ProcessorSettings;
import dev.tailwatch.streams.replay.ReplayResult;
import dev.tailwatch.streams.replay.RunReplay;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tailwatch replay}: analyses a recorded run again and writes a report with CSV, charts and an index.html. */
@Command(name = "replay",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Analyse a recorded run again — from a broker's topics or an export folder — and write a report: "
                + "CSV of the α series, events, layer statistics and metrics, PNG charts and an index.html.",
                "With the live analysis options it reproduces the live α records and events exactly; any option may differ."})
final class ReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--bootstrap", paramLabel = "B", description = "Read the run from this broker's topics.")
        String bootstrap;

        @Option(names = "--input", paramLabel = "DIR", description = "Read the run from an export folder (tailwatch export).")
        Path input;
    }

    @Option(names = "--client-config", paramLabel = "FILE",
            description = "With --bootstrap: Kafka client properties for a secured cluster (security.protocol, sasl.*, ssl.*). "
                    + "Default: the file named by $TAILWATCH_CLIENT_CONFIG.")
    Path clientConfig;

    @Option(names = "--run", paramLabel = "ID", description = "Run id (may be left out with --input when it holds one run).")
    String runId;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Report folder (created; files in it are replaced).")
    Path out;

    @Option(names = "--from", paramLabel = "I", defaultValue = "0", description = "First iteration analysed (default ${DEFAULT-VALUE}).")
    long from;

    @Option(names = "--to", paramLabel = "J", defaultValue = "" + Long.MAX_VALUE, description = "Last iteration analysed (default: the end).")
    long to;

    @Mixin
    AnalysisOptions analysis;

    @Override
    public Integer call() throws BadInputException {
        PrintWriter stdout = spec.commandLine().getOut();
        try {
            if (from < 0 || to < from) {
                throw new BadInputException("--from must be at least 0 and --to at least --from (were " + from + ", " + to + ")");
            }
            if (source.bootstrap != null && runId == null) {
                throw new BadInputException("--run is needed with --bootstrap");
            }
            AnalysisConfig config = analysis.config();
            RecordedRun run = source.bootstrap != null ? RecordedRun.fromBroker(BootstrapOption.target(source.bootstrap, clientConfig), runId)
                    : RecordedRun.fromArchive(source.input, runId);
            ReplayResult result = new RunReplay(config, ProcessorSettings.DEFAULT_MAX_RECORD_BYTES)
                    .replay(run.runId(), run.noise(), run.metrics(), from, to);
            ReplayReport.write(out, run.runId(), run.info(), result, config, run.source());
            Map<String, Integer> events = new TreeMap<>();
            result.events().forEach(e -> events.merge(e.getType().name().toLowerCase(Locale.ROOT), 1, Integer::sum));
            stdout.printf("run %s: %d noise and %d metrics records read; %d α records, %d layer-statistics windows, events %s%s%n",
                    run.runId(), run.noise().size(), run.metrics().size(), result.alpha().size(), result.layerStats().size(),
                    events.isEmpty() ? "none" : events, result.rejected().isEmpty() ? "" : "; rejected " + result.rejected());
            stdout.println("report: " + out.resolve("index.html").toAbsolutePath());
            return 0;
        } catch (IOException e) {
            throw new BadInputException("--out " + out + ": cannot write the report: " + OutputPaths.reason(e));
        }
    }
}
