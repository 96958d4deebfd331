package dev.tailwatch.streams.simulate;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The tail index of a synthetic run at each iteration: piecewise linear between given points, constant
 * beyond the first and last.
 */
public final class AlphaPath {

    private final long[] iterations;
    private final double[] alphas;

    private AlphaPath(long[] iterations, double[] alphas) {
        for (double a : alphas) {
            if (!(a > 0 && a <= 2)) {
                throw new IllegalArgumentException("α must be in (0, 2], was " + a);
            }
        }
        this.iterations = iterations;
        this.alphas = alphas;
    }

    /** The same α throughout. */
    public static AlphaPath constant(double alpha) {
        return new AlphaPath(new long[] {0}, new double[] {alpha});
    }

    /**
     * The shape Şimşekli et al. report: α falls fast in a first phase (1.85 → 1.25 over the first 30 % of
     * the run) and then stays near its minimum (rising slowly to 1.35 by the end).
     */
    public static AlphaPath twoPhase(long totalIterations) {
        long end = Math.max(totalIterations, 10);
        long phaseEnd = Math.max(1, Math.round(end * 0.3));
        return new AlphaPath(new long[] {0, phaseEnd, end}, new double[] {1.85, 1.25, 1.35});
    }

    /** Given points, sorted by iteration. */
    public static AlphaPath of(long[] iterations, double[] alphas) {
        if (iterations.length == 0 || iterations.length != alphas.length) {
            throw new IllegalArgumentException("need as many α values as iterations, and at least one");
        }
        for (int i = 1; i < iterations.length; i++) {
            if (iterations[i] <= iterations[i - 1]) {
                throw new IllegalArgumentException("iterations must increase: " + iterations[i - 1] + " then " + iterations[i]);
            }
        }
        return new AlphaPath(iterations.clone(), alphas.clone());
    }

    /**
     * Reads a CSV with a header naming at least the columns {@code iteration} and {@code alpha} (others
     * are ignored).
     *
     * @throws IllegalArgumentException naming the file, line and problem
     */
    public static AlphaPath readCsv(Path file) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file)) {
            String header = reader.readLine();
            if (header == null) {
                throw new IllegalArgumentException(file + ": empty file; expected a header with columns iteration,alpha");
            }
            List<String> columns = Arrays.stream(header.split(",")).map(c -> c.strip().toLowerCase(Locale.ROOT)).toList();
            int iterationColumn = columns.indexOf("iteration");
            int alphaColumn = columns.indexOf("alpha");
            if (iterationColumn < 0 || alphaColumn < 0) {
                throw new IllegalArgumentException(file + ":1: header must name the columns iteration and alpha, was '" + header + "'");
            }
            List<Long> its = new ArrayList<>();
            List<Double> as = new ArrayList<>();
            String line;
            int lineNumber = 1;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                if (cells.length <= Math.max(iterationColumn, alphaColumn)) {
                    throw new IllegalArgumentException(file + ":" + lineNumber + ": expected " + columns.size() + " columns, found " + cells.length);
                }
                long iteration;
                double alpha;
                try {
                    iteration = Long.parseLong(cells[iterationColumn].strip());
                    alpha = Double.parseDouble(cells[alphaColumn].strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(file + ":" + lineNumber + ": not a number in '" + line + "'");
                }
                if (!(alpha > 0 && alpha <= 2)) {
                    throw new IllegalArgumentException(file + ":" + lineNumber + ": alpha " + alpha + " is outside (0, 2]");
                }
                if (!its.isEmpty() && iteration <= its.get(its.size() - 1)) {
                    throw new IllegalArgumentException(file + ":" + lineNumber + ": iteration " + iteration + " does not increase");
                }
                its.add(iteration);
                as.add(alpha);
            }
            if (its.isEmpty()) {
                throw new IllegalArgumentException(file + ": no data lines after the header");
            }
            return of(its.stream().mapToLong(Long::longValue).toArray(), as.stream().mapToDouble(Double::doubleValue).toArray());
        }
    }

    /** The last iteration the path names; α stays at its last value beyond it. */
    public long lastIteration() {
        return iterations[iterations.length - 1];
    }

    /** α at the iteration. */
    public double at(long iteration) {
        if (iteration <= iterations[0]) {
            return alphas[0];
        }
        int last = iterations.length - 1;
        if (iteration >= iterations[last]) {
            return alphas[last];
        }
        int i = Arrays.binarySearch(iterations, iteration);
        if (i >= 0) {
            return alphas[i];
        }
        int upper = -i - 1;
        double t = (double) (iteration - iterations[upper - 1]) / (iterations[upper] - iterations[upper - 1]);
        return alphas[upper - 1] + t * (alphas[upper] - alphas[upper - 1]);
    }
}
