package dev.tailwatch.schema;

import dev.tailwatch.schema.avro.ProbeMode;

/**
 * The name a person reads for each probe's wire symbol: in options, reports and metric labels alike. The
 * moving-average probe keeps its released wire symbol ONLINE but is called {@code ema}, a name that says it is
 * an approximation (docs/ACCURACY.md). Here once, for the trainer and the processors.
 */
public final class ProbeLabels {

    private ProbeLabels() {
    }

    public static String of(ProbeMode mode) {
        return switch (mode) {
            case EXACT -> "exact";
            case WINDOW -> "window";
            case ONLINE -> "ema";
            case OFF -> "off";
        };
    }
}
