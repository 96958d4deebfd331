package dev.tailwatch.cli;

import dev.tailwatch.schema.avro.ProbeMode;
import dev.tailwatch.trainer.model.ModelSpec;
import dev.tailwatch.trainer.train.ProbeNames;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The option types the commands share, converted once: durations as people type them, and the choices
 * (model, loss, probe, simulated profile) by their lower-case names, case-insensitively. A value that does
 * not convert is one line naming the option and the accepted values (see {@link OneLineUsageErrors}).
 */
final class OptionConverters {

    private OptionConverters() {
    }

    /** Registers every converter on the command and its subcommands. */
    static CommandLine register(CommandLine cli) {
        cli.registerConverter(Duration.class, new DurationConverter());
        cli.registerConverter(ModelSpec.Kind.class, new EnumConverter<>(ModelSpec.Kind.class));
        cli.registerConverter(ModelSpec.Loss.class, new EnumConverter<>(ModelSpec.Loss.class));
        cli.registerConverter(SimulateCommand.Profile.class, new EnumConverter<>(SimulateCommand.Profile.class));
        cli.registerConverter(ProbeMode.class, value -> {
            try {
                return ProbeNames.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        });
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }

    /** Whole seconds, as {@code 90}, {@code 90s}, {@code 5m} or {@code 1h}; from one second to a year. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            return parse(text);
        }

        static Duration parse(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            try {
                if (t.isEmpty()) {
                    throw new NumberFormatException();
                }
                char unit = t.charAt(t.length() - 1);
                long seconds = Character.isDigit(unit) ? Long.parseLong(t)
                        : Math.multiplyExact(Long.parseLong(t.substring(0, t.length() - 1)), switch (unit) {
                            case 's' -> 1;
                            case 'm' -> 60;
                            case 'h' -> 3600;
                            default -> throw new NumberFormatException();
                        });
                if (seconds < 1 || seconds > 365L * 24 * 3600) {
                    throw new NumberFormatException();
                }
                return Duration.ofSeconds(seconds);
            } catch (NumberFormatException | ArithmeticException e) {
                throw new TypeConversionException("'" + text + "' is not a duration; use e.g. 90s, 5m or 1h (at most a year)");
            }
        }
    }

    /** An enum by its constant's name in lower case with '-' for '_', case-insensitively. */
    static final class EnumConverter<E extends Enum<E>> implements ITypeConverter<E> {
        private final Class<E> type;

        EnumConverter(Class<E> type) {
            this.type = type;
        }

        static String nameOf(Enum<?> constant) {
            return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        @Override
        public E convert(String value) {
            for (E constant : type.getEnumConstants()) {
                if (nameOf(constant).equalsIgnoreCase(value.trim())) {
                    return constant;
                }
            }
            throw new TypeConversionException("'" + value + "' is not one of "
                    + Arrays.stream(type.getEnumConstants()).map(EnumConverter::nameOf).collect(Collectors.joining(", ")));
        }
    }
}
