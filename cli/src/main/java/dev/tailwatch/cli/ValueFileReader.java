package dev.tailwatch.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/** Reads a file of noise values in one of the {@link ValueFormat}s, with errors that say what to fix. */
final class ValueFileReader {

    private static final Pattern SEPARATORS = Pattern.compile("[\\s,;]+");

    /** The largest packed file read: one byte array. */
    static final long MAX_PACKED_BYTES = (long) Integer.MAX_VALUE - 8;

    private ValueFileReader() {
    }

    static NoiseValues read(Path file, ValueFormat format) throws BadInputException {
        if (Files.isDirectory(file)) {
            throw new BadInputException("is a directory, not a file of values");
        }
        try {
            return format == ValueFormat.text ? readText(file) : readPacked(file, format);
        } catch (NoSuchFileException e) {
            throw new BadInputException("no such file");
        } catch (AccessDeniedException e) {
            throw new BadInputException("permission denied");
        } catch (IOException e) {
            throw new BadInputException("cannot read: " + e.getMessage());
        }
    }

    private static NoiseValues readPacked(Path file, ValueFormat format) throws IOException, BadInputException {
        long size = Files.size(file);
        if (size % format.width() != 0) {
            throw new BadInputException("size " + size + " bytes is not a multiple of " + format.width()
                    + " (" + format + " values); is --format right?");
        }
        if (size > MAX_PACKED_BYTES) {
            throw new BadInputException("size " + size + " bytes is over the 2 GiB a single file may hold; split it");
        }
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (format == ValueFormat.f32le) {
            float[] values = new float[(int) (size / Float.BYTES)];
            bytes.asFloatBuffer().get(values);
            return NoiseValues.ofFloats(values);
        }
        double[] values = new double[(int) (size / Double.BYTES)];
        bytes.asDoubleBuffer().get(values);
        return NoiseValues.ofDoubles(values);
    }

    private static NoiseValues readText(Path file) throws IOException, BadInputException {
        double[] values = new double[1024];
        int n = 0;
        int lineNumber = 0;
        try (BufferedReader reader = Files.newBufferedReader(file)) {
            String line;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                for (String token : SEPARATORS.split(trimmed)) {
                    if (token.isEmpty()) {
                        continue;
                    }
                    if (n == values.length) {
                        values = Arrays.copyOf(values, n * 2);
                    }
                    values[n++] = parse(token, lineNumber);
                }
            }
        }
        return NoiseValues.ofDoubles(Arrays.copyOf(values, n));
    }

    private static double parse(String token, int lineNumber) throws BadInputException {
        switch (token.toLowerCase(Locale.ROOT)) {
            case "nan":
                return Double.NaN;
            case "inf":
            case "+inf":
            case "infinity":
            case "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf":
            case "-infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                try {
                    return Double.parseDouble(token);
                } catch (NumberFormatException e) {
                    throw new BadInputException("line " + lineNumber + ": '" + token + "' is not a number");
                }
        }
    }
}
