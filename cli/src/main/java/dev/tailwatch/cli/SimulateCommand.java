package dev.tailwatch.cli;

import dev.tailwatch.streams.kafka.TailwatchProcessors;
import dev.tailwatch.streams.simulate.AlphaPath;
import dev.tailwatch.streams.simulate.SimulationPublisher;
import dev.tailwatch.streams.simulate.SyntheticRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tailwatch simulate}: publishes a synthetic run with a known α path, as a trainer would. */
@Command(name = "simulate",
        mixinStandardHelpOptions = true,
        description = {"Publish a synthetic run: RunInfo, per iteration L noise samples of K SαS(α) values with α "
                + "from a path, and training metrics (with an accuracy jump at --jump-at).",
                "For testing the processors, dashboards and alerts without training."})
final class SimulateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BootstrapOption broker;

    @Mixin
    RunOptions.Required run;

    @ArgGroup(exclusive = true, multiplicity = "1")
    PathChoice path;

    static final class PathChoice {
        @Option(names = "--alpha-path", paramLabel = "FILE.csv",
                description = "CSV with a header naming the columns iteration and alpha (others ignored); linear in between.")
        Path csv;

        @Option(names = "--profile", paramLabel = "NAME",
                description = "two-phase (α 1.85 → 1.25 over the first 30 %%, then near its minimum) or constant (see --alpha).")
        Profile profile;
    }

    /** The named α paths; on the command line by their lower-case names with '-' (two-phase). */
    enum Profile {
        TWO_PHASE,
        CONSTANT;

        /** This path over {@code iterations} (the two-phase shape depends on the run's length); the constant one at {@code constantAlpha}. */
        AlphaPath path(long iterations, double constantAlpha) {
            return switch (this) {
                case TWO_PHASE -> AlphaPath.twoPhase(iterations);
                case CONSTANT -> AlphaPath.constant(constantAlpha);
            };
        }
    }

    @Option(names = "--alpha", paramLabel = "A", defaultValue = "1.5", description = "α of the constant profile (default ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--layers", paramLabel = "L", defaultValue = "3", description = "Layers (default ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--values-per-layer", paramLabel = "K", defaultValue = "5000",
            description = "Noise values per layer and iteration (default ${DEFAULT-VALUE}).")
    int valuesPerLayer;

    /** Without --iterations: a CSV path's length (its last iteration + 1), else this. */
    static final long DEFAULT_ITERATIONS = 1000;

    @Option(names = "--iterations", paramLabel = "N",
            description = "Iterations (default: the --alpha-path's length, its last iteration + 1; else " + DEFAULT_ITERATIONS + ").")
    Long iterationsOption;

    private long iterations;

    @Mixin
    RunOptions.Seed seed;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "0",
            description = "Iterations per second; 0 = as fast as possible (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--jump-at", paramLabel = "I", defaultValue = "-1",
            description = "Iteration of an accuracy jump (and loss drop); none by default.")
    long jumpAt;

    @Mixin
    TopicPartitionsOption topicPartitions;

    @Override
    public Integer call() throws BadInputException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        String runId = run.id;
        SyntheticRun synthetic;
        try {
            AlphaPath alphaPath = alphaPath();
            iterations = iterationsOption != null ? iterationsOption
                    : path.csv != null ? alphaPath.lastIteration() + 1 : DEFAULT_ITERATIONS;
            synthetic = new SyntheticRun(alphaPath, layers, valuesPerLayer, jumpAt, seed.value);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        } catch (IOException e) {
            throw new BadInputException("--alpha-path " + path.csv + ": cannot read it: "
                    + (e instanceof java.nio.file.AccessDeniedException ? "permission denied" : e.getMessage()));
        }
        if (iterations < 1 || rate < 0) {
            throw new BadInputException("--iterations must be at least 1 and --rate not negative");
        }
        KafkaTarget kafka = broker.target();
        KafkaClients.requireReachable(kafka);
        TailwatchProcessors.ensureTopics(kafka.servers(), kafka.client(), topicPartitions.partitions);
        long published;
        try (CtrlC.StopFlag stop = CtrlC.stopFlag("tailwatch-simulate", Duration.ofSeconds(15));
             KafkaProducer<String, byte[]> producer = KafkaClients.reliableProducer(kafka);
             ProgressLine bar = ProgressLine.start(runId, iterations)) {
            published = new SimulationPublisher(producer, runId, synthetic).publish(iterations, rate, stop::requested,
                    (it, a, loss, acc) -> {
                        bar.step(it + 1, String.format(java.util.Locale.ROOT, " α=%.3f loss=%.3f acc=%.3f", a, loss, acc));
                    });
        }
        out.println("run " + runId + ": " + published + " iterations × " + layers + " layers × " + valuesPerLayer
                + " values published to " + broker.servers + (published < iterations ? " (stopped early)" : ""));
        return published == iterations ? 0 : 1;
    }

    private AlphaPath alphaPath() throws IOException, BadInputException {
        if (path.csv != null) {
            if (!Files.exists(path.csv)) {
                throw new BadInputException("--alpha-path " + path.csv + ": no such file");
            }
            if (Files.isDirectory(path.csv)) {
                throw new BadInputException("--alpha-path " + path.csv + ": is a folder; name a CSV file with the columns iteration,alpha");
            }
            return AlphaPath.readCsv(path.csv);
        }
        return path.profile.path(iterationsOption != null ? iterationsOption : DEFAULT_ITERATIONS, alpha);
    }
}
