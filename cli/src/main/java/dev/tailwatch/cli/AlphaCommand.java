package dev.tailwatch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailwatch.math.AlphaResult;
import dev.tailwatch.math.TailIndexEstimator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tailwatch alpha}: the tail index of files of noise values. This is how the estimators are checked
 * against independent reference values, so numbers are printed exactly (shortest round-trip decimal).
 */
@Command(name = "alpha",
        mixinStandardHelpOptions = true,
        description = {"Estimate the tail index α of each file of noise values.",
                "Values that are ±0, NaN or ±Inf are dropped and counted. Exit status 2 if any file could not be estimated."})
final class AlphaCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--k1", paramLabel = "N",
            description = "Fixed block size K1 (mohammadi only). Default: the divisor of N closest to √N.")
    Integer k1;

    @Option(names = "--estimator", paramLabel = "NAME", defaultValue = "mohammadi",
            description = "One of ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    EstimatorChoice estimator;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "f32le",
            description = "Layout of the files: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    ValueFormat format;

    @Option(names = "--repeat", paramLabel = "R", defaultValue = "1",
            description = "Estimate R times and report the best time (default ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--json", description = "One JSON object per line per file.")
    boolean json;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files of values.")
    List<Path> files;

    private final ObjectMapper mapper = new ObjectMapper();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String usageProblem = usageProblem();
        if (usageProblem != null) {
            throw new ParameterException(spec.commandLine(), usageProblem);
        }
        TailIndexEstimator chosen = estimator.create(k1 == null ? 0 : k1);
        int status = 0;
        for (Path file : files) {
            try {
                NoiseValues values = ValueFileReader.read(file, format);
                Timed timed = estimate(chosen, values);
                out.println(json ? toJson(file, timed) : toText(file, timed));
                String warning = ValuePlausibility.warning(values, format);
                if (warning != null) {
                    err.println("tailwatch alpha: " + file + ": " + warning);
                }
            } catch (BadInputException e) {
                err.println("tailwatch alpha: " + file + ": " + e.getMessage());
                status = OneLineUsageErrors.BAD_INPUT;
            }
            out.flush();
            err.flush();
        }
        return status;
    }

    private String usageProblem() {
        if (k1 != null && k1 < 2) {
            return "--k1 must be at least 2, was " + k1;
        }
        if (k1 != null && estimator != EstimatorChoice.mohammadi) {
            return "--k1 applies to the mohammadi estimator only, not " + estimator;
        }
        if (repeat < 1) {
            return "--repeat must be at least 1, was " + repeat;
        }
        return null;
    }

    private record Timed(AlphaResult result, double seconds) {
    }

    /** Best-of-R wall time of the estimation alone; reading and decoding the file are not timed. */
    private Timed estimate(TailIndexEstimator chosen, NoiseValues values) throws BadInputException {
        AlphaResult result = null;
        long best = Long.MAX_VALUE;
        for (int r = 0; r < repeat; r++) {
            long start = System.nanoTime();
            try {
                result = values.floats() != null ? chosen.estimate(values.floats()) : chosen.estimate(values.doubles());
            } catch (IllegalArgumentException e) {
                throw new BadInputException(e.getMessage() + " (" + values.size() + " values in the file)");
            }
            best = Math.min(best, System.nanoTime() - start);
        }
        if (!Double.isFinite(result.alpha())) {
            throw new BadInputException("α is undefined for these values (every block sum is 0, or mean ln|Y| equals mean ln|x|)");
        }
        return new Timed(result, best / 1e9);
    }

    private String toJson(Path file, Timed timed) {
        AlphaResult r = timed.result();
        ObjectNode node = mapper.createObjectNode();
        node.put("file", file.toString());
        node.put("estimator", r.estimator());
        node.put("alpha", r.alpha());
        if (r.hasBlocks()) {
            node.put("k1", r.k1());
            node.put("k2", r.k2());
        } else {
            node.putNull("k1");
            node.putNull("k2");
        }
        node.put("used", r.used());
        node.put("dropped", r.dropped());
        node.put("truncated", r.truncated());
        node.put("zero_blocks", r.zeroBlocks());
        node.put("stderr", r.stderr());
        node.putArray("ci95").add(r.ci95Low()).add(r.ci95High());
        node.put("seconds", timed.seconds());
        return node.toString();
    }

    private static String toText(Path file, Timed timed) {
        AlphaResult r = timed.result();
        StringBuilder line = new StringBuilder();
        line.append(file).append(": alpha=").append(r.alpha())
                .append(" stderr=").append(r.stderr())
                .append(" ci95=[").append(r.ci95Low()).append(", ").append(r.ci95High()).append(']')
                .append(" estimator=").append(r.estimator());
        if (r.hasBlocks()) {
            line.append(" k1=").append(r.k1()).append(" k2=").append(r.k2());
        }
        line.append(" used=").append(r.used())
                .append(" dropped=").append(r.dropped())
                .append(" truncated=").append(r.truncated());
        if (r.hasBlocks()) {
            line.append(" zero_blocks=").append(r.zeroBlocks());
        }
        line.append(" seconds=").append(timed.seconds());
        return line.toString();
    }
}
