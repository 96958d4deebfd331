package dev.tailwatch.cli;

import java.util.Locale;

/**
 * Whether decoded values look like gradient noise at all. Raw bytes cannot be told from floats for sure,
 * but a file read in the wrong {@code --format} gives itself away: bytes of another layout decode mostly to
 * NaN, infinities and absurd magnitudes, and text (ASCII bytes never set a float's sign bit) decodes to
 * values that are all positive — while gradient noise is centred on 0. The α is still printed; this only
 * says that it is probably meaningless.
 */
final class ValuePlausibility {

    /** Magnitudes outside this range are not noise of any network (float32 subnormals are far below it). */
    static final double SMALLEST = 1e-30;
    static final double LARGEST = 1e30;
    /** More than this share implausible: the file is mostly not values. */
    static final double MOSTLY = 0.5;
    /** Fewer values than this cannot show a one-sided sign pattern reliably (2^-31 by chance for SαS). */
    static final int MIN_FOR_SIGN = 32;
    /** The rarer sign below this share: one-sided. */
    static final double ONE_SIDED = 0.01;

    private ValuePlausibility() {
    }

    /** A warning phrase (without the file name), or null when nothing looks wrong. */
    static String warning(NoiseValues values, ValueFormat format) {
        int n = values.size();
        long implausible = 0;
        long positive = 0;
        long negative = 0;
        for (int i = 0; i < n; i++) {
            double v = values.floats() != null ? values.floats()[i] : values.doubles()[i];
            double a = Math.abs(v);
            if (Double.isNaN(v) || Double.isInfinite(v) || (v != 0 && (a < SMALLEST || a > LARGEST))) {
                implausible++;
            } else if (v > 0) {
                positive++;
            } else if (v < 0) {
                negative++;
            }
        }
        String hint = format == ValueFormat.text ? "are these noise values?" : "is --format " + format + " right?";
        if (n > 0 && implausible > MOSTLY * n) {
            return "warning: " + percent(implausible, n) + " of its " + n + " " + format
                    + " values are NaN, infinite or of magnitude outside 1e-30…1e30, so the α is probably meaningless; " + hint;
        }
        long signed = positive + negative;
        if (signed >= MIN_FOR_SIGN && Math.min(positive, negative) < ONE_SIDED * signed) {
            String side = positive > negative ? "positive" : "negative";
            return "warning: " + percent(Math.max(positive, negative), signed) + " of its " + signed + " nonzero " + format
                    + " values are " + side + ", but gradient noise is centred on 0, so the α is probably meaningless; "
                    + (format == ValueFormat.text ? hint : "is it a text file (--format text)?");
        }
        return null;
    }

    private static String percent(long part, long whole) {
        return String.format(Locale.ROOT, "%.1f %%", 100.0 * part / whole);
    }
}
