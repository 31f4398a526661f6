package org.mailedge.node.demo;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people type them on a command line ({@code 30s}, {@code 2m}, {@code 1m30s},
 * {@code 500ms}, {@code 1h}; a bare number is seconds) and as they read them in the demo's
 * output. ISO-8601 ({@code PT30S}) is accepted too, for scripts that already produce it.
 */
public final class HumanDuration {

    private static final Pattern PART = Pattern.compile("(\\d+)(ms|h|m|s)");
    private static final Pattern WHOLE = Pattern.compile("((\\d+)(ms|h|m|s))+");

    private HumanDuration() {
    }

    /**
     * @throws IllegalArgumentException naming the accepted forms, for anything else
     */
    public static Duration parse(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (s.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(s));
        }
        if (s.startsWith("pt") || s.startsWith("p")) {
            try {
                return Duration.parse(s.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw invalid(text);
            }
        }
        if (!WHOLE.matcher(s).matches()) {
            throw invalid(text);
        }
        Duration total = Duration.ZERO;
        Matcher m = PART.matcher(s);
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            });
        }
        return total;
    }

    /**
     * {@code 7.5 s}, {@code 45 s}, {@code 15 min}, {@code 2 min 05 s}, {@code 2 h}, {@code 1 h 03 min}:
     * largest units first; tenths of a second only below ten seconds, where they matter.
     */
    public static String format(Duration d) {
        if (d.compareTo(Duration.ofSeconds(10)) < 0 && d.toMillis() % 1000 != 0) {
            return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
        }
        long seconds = Math.round(d.toMillis() / 1000.0);
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds % 60 == 0
                    ? seconds / 60 + " min"
                    : String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
        }
        long minutes = seconds % 3600 / 60;
        return minutes == 0
                ? seconds / 3600 + " h"
                : String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, minutes);
    }

    /** {@code hh:mm} of an elapsed time, as the progress line shows virtual time. */
    public static String clock(Duration d) {
        long minutes = d.toMinutes();
        return String.format(Locale.ROOT, "%02d:%02d", minutes / 60, minutes % 60);
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("'" + text + "' is not a duration; use e.g. 30s, 2m, 1m30s, 500ms or 1h");
    }
}
