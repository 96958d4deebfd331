package dev.tailwatch.cli;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import picocli.CommandLine.Option;

/** {@code --run}, declared once for the commands that name a run, so its help reads the same everywhere. */
final class RunOptions {

    private RunOptions() {
    }

    /** The run a command reads or writes: required. */
    static final class Required {
        @Option(names = "--run", required = true, paramLabel = "ID", description = "Run id.")
        String id;
    }

    /** A new run's id, made up from the command and the time when not given. */
    static final class New {
        @Option(names = "--run", paramLabel = "ID", description = "Run id (default: the command, date and time, e.g. train-20250101-120000).")
        String id;

        String idOr(String prefix) {
            return id != null ? id : prefix + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        }
    }

    /** {@code --seed}, for the commands whose only randomness is one generator. */
    static final class Seed {
        @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
        long value;
    }
}
