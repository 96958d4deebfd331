package dev.tailwatch.trainer.train;

import dev.tailwatch.schema.ProbeLabels;
import dev.tailwatch.schema.avro.ProbeMode;
import java.util.Locale;

/**
 * The probes' names for people (options, reports) against their wire symbols ({@link ProbeLabels}), the default,
 * and the option's parsing with its messages.
 */
public final class ProbeNames {

    /**
     * The default probe: the paper's measurement. No cheap probe met the agreement target in every configuration of
     * the agreement benchmark (docs/ACCURACY.md, "The default"), so the number shown by default is the faithful one
     * and the free {@code window} probe is a choice, with its measured offset documented.
     */
    public static final String DEFAULT = "exact";

    private ProbeNames() {
    }

    public static String of(ProbeMode mode) {
        return ProbeLabels.of(mode);
    }

    /**
     * The probe called {@code name}.
     *
     * @throws IllegalArgumentException naming the option, the value and the choices
     */
    public static ProbeMode parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "exact" -> ProbeMode.EXACT;
            case "window" -> ProbeMode.WINDOW;
            case "ema" -> ProbeMode.ONLINE;
            case "off" -> ProbeMode.OFF;
            case "online" -> throw new IllegalArgumentException("--probe online is now called ema: it is an approximation that reads "
                    + "α low (docs/ACCURACY.md); the default is " + DEFAULT + ", or choose window (free, reads 0.03-0.07 low)");
            default -> throw new IllegalArgumentException("--probe '" + name + "' is not one of exact, window, ema, off");
        };
    }
}
