package dev.plimsoll.core.alert.rule;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as rules write them: a sequence of whole numbers with units {@code w d h m s ms}, e.g.
 * {@code 30s}, {@code 2m}, {@code 1h30m}, {@code 7d}, {@code 0}. Stateless and thread-safe.
 */
public final class Durations {

    private static final Pattern WHOLE = Pattern.compile("(?:\\d{1,9}(?:ms|s|m|h|d|w))+|0");
    private static final Pattern PART = Pattern.compile("(\\d{1,9})(ms|s|m|h|d|w)");

    private Durations() {}

    /** The duration written as {@code text}, or empty when it is not in the format above. */
    public static Optional<Duration> parse(String text) {
        if (text == null || !WHOLE.matcher(text).matches()) {
            return Optional.empty();
        }
        Duration total = Duration.ZERO;
        Matcher m = PART.matcher(text);
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            total =
                    total.plus(
                            switch (m.group(2)) {
                                case "ms" -> Duration.ofMillis(n);
                                case "s" -> Duration.ofSeconds(n);
                                case "m" -> Duration.ofMinutes(n);
                                case "h" -> Duration.ofHours(n);
                                case "d" -> Duration.ofDays(n);
                                default -> Duration.ofDays(7 * n);
                            });
        }
        return Optional.of(total);
    }

    /** The canonical text: days, hours, minutes, seconds, milliseconds, e.g. {@code 1h30m}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        long millis = d.toMillis();
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
        String[] units = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < sizes.length; i++) {
            long n = millis / sizes[i];
            if (n > 0) {
                out.append(n).append(units[i]);
                millis -= n * sizes[i];
            }
        }
        return out.toString();
    }
}
