package dev.tailwatch.cli;

import dev.tailwatch.math.StableSampler;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tailwatch sample}: a file of SαS(α, σ) values with a known answer, to check estimators against. */
@Command(name = "sample",
        mixinStandardHelpOptions = true,
        description = {"Write symmetric α-stable values (Chambers–Mallows–Stuck) to a file.",
                "SαS(α, σ) has characteristic function exp(−|σt|^α): α = 2 is N(0, 2σ²)."})
final class SampleCommand implements Callable<Integer> {

    private static final int CHUNK = 1 << 16;

    @Spec
    CommandSpec spec;

    @Option(names = "--alpha", required = true, paramLabel = "A", description = "Tail index in (0, 2].")
    double alpha;

    @Option(names = "--scale", paramLabel = "S", defaultValue = "1", description = "Scale σ (default ${DEFAULT-VALUE}).")
    double scale;

    @Option(names = "--count", required = true, paramLabel = "N", description = "Number of values.")
    long count;

    @Mixin
    RunOptions.Seed seed;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "f32le",
            description = "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    ValueFormat format;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "File to write (replaced if it exists).")
    Path out;

    @Override
    public Integer call() throws BadInputException {
        PrintWriter err = spec.commandLine().getErr();
        StableSampler sampler;
        try {
            sampler = new StableSampler(alpha, scale, seed.value);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        if (count < 1) {
            throw new BadInputException("--count must be at least 1, was " + count);
        }
        String tooLarge = sizeProblem();
        if (tooLarge != null) {
            throw new BadInputException(tooLarge);
        }
        try {
            if (format == ValueFormat.text) {
                writeText(sampler);
            } else {
                writePacked(sampler);
            }
        } catch (IOException e) {
            err.println("tailwatch sample: --out " + out + ": " + OutputPaths.reason(e));
            return 1;
        }
        spec.commandLine().getOut().println(out + ": " + count + " " + format + " values of SαS(" + alpha + ", " + scale + ")");
        return 0;
    }

    /**
     * Null, or why the file would not fit: checked before the first byte is written, so a mistyped
     * --count fails at once instead of filling the disk.
     */
    private String sizeProblem() {
        // Text: the header plus, per value, Double.toString's up to ~24 characters and a newline.
        double needed = format == ValueFormat.text ? 64 + 25.0 * count : (double) format.width() * count;
        String what = count + " " + format + " values";
        Path dir = OutputPaths.firstExisting(out.toAbsolutePath().getParent());
        if (dir != null) {
            try {
                long available = Files.getFileStore(dir).getUsableSpace() + (Files.isRegularFile(out) ? Files.size(out) : 0);
                if (needed > available) {
                    return "--out " + out + ": " + what + " need " + (format == ValueFormat.text ? "about " : "")
                            + OutputPaths.bytes(needed) + ", but only " + OutputPaths.bytes(available) + " are free there; lower --count";
                }
            } catch (IOException e) {
                // Free space unknown: the write itself reports a full disk.
            }
        }
        if (needed > ValueFileReader.MAX_PACKED_BYTES) {
            return "--count " + count + ": " + what + " make " + (format == ValueFormat.text ? "about " : "") + OutputPaths.bytes(needed)
                    + ", over the " + OutputPaths.bytes(ValueFileReader.MAX_PACKED_BYTES)
                    + " tailwatch alpha reads from one file; write several files with different --seed";
        }
        return null;
    }

    private void writePacked(StableSampler sampler) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK * format.width()).order(ByteOrder.LITTLE_ENDIAN);
        try (OutputStream stream = Files.newOutputStream(out)) {
            for (long written = 0; written < count; ) {
                int n = (int) Math.min(CHUNK, count - written);
                buffer.clear();
                for (int i = 0; i < n; i++) {
                    if (format == ValueFormat.f32le) {
                        buffer.putFloat((float) sampler.next());
                    } else {
                        buffer.putDouble(sampler.next());
                    }
                }
                stream.write(buffer.array(), 0, buffer.position());
                written += n;
            }
        }
    }

    private void writeText(StableSampler sampler) throws IOException {
        try (BufferedWriter writer = Files.newBufferedWriter(out)) {
            writer.write("# SαS(" + alpha + ", " + scale + "), seed " + seed.value + "\n");
            for (long i = 0; i < count; i++) {
                writer.write(Double.toString(sampler.next()));
                writer.write('\n');
            }
        }
    }
}
