package dev.tailwatch.cli;

import java.time.Duration;
import java.util.Locale;

/** Durations as people type them: 90, 90s, 5m, 1h. */
final class Durations {

    private Durations() {
    }

    static Duration parse(String option, String text) throws BadInputException {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.isEmpty()) {
                throw new NumberFormatException();
            }
            char unit = t.isEmpty() ? ' ' : t.charAt(t.length() - 1);
            long seconds = Character.isDigit(unit) ? Long.parseLong(t) : Math.multiplyExact(Long.parseLong(t.substring(0, t.length() - 1)), switch (unit) {
                case 's' -> 1;
                case 'm' -> 60;
                case 'h' -> 3600;
                default -> throw new NumberFormatException();
            });
            if (seconds < 1 || seconds > 365L * 24 * 3600) {
                throw new NumberFormatException();
            }
            return Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            throw new BadInputException(option + " '" + text + "' is not a duration; use e.g. 90s, 5m or 1h (at most a year)");
        }
    }
}
