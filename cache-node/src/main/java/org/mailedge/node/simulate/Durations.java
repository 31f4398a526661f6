package org.mailedge.node.simulate;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as written on the simulator's command line: {@code 500ms}, {@code 30s}, {@code 15m}, {@code 2h}, {@code 1d}, {@code 1h30m}. */
public final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d+)(ms|d|h|m|s)");
    private static final Pattern WHOLE = Pattern.compile("((\\d+)(ms|d|h|m|s))+");

    private Durations() {
    }

    public static Duration parse(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (!WHOLE.matcher(s).matches()) {
            throw new IllegalArgumentException("must be a duration such as 500ms, 30s, 15m, 2h or 1d, found '" + text + "'");
        }
        Duration total = Duration.ZERO;
        Matcher m = PART.matcher(s);
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
        }
        return total;
    }

    /** {@code 15m}, {@code 90s}, {@code 2h}: the largest unit that divides it. */
    public static String format(Duration d) {
        long s = d.toSeconds();
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        if (s != 0 && s % 86400 == 0) {
            return s / 86400 + "d";
        }
        if (s != 0 && s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s != 0 && s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }
}
