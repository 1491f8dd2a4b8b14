package dev.plimsoll.read.params;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The width of one point of a series: a whole number of minutes, written {@code 60s}, {@code 5m},
 * {@code 1h}, {@code 1d} or {@code 1w}. Points start at multiples of the step since the Unix epoch
 * (UTC), so {@code 1h} points start on the hour and {@code 1d} points at midnight UTC.
 *
 * @param seconds the width in seconds, a positive multiple of 60
 */
public record Step(long seconds) {

    /** The finest resolution stored: one minute. */
    public static final long MINUTE = 60;

    /** Steps above ten years are refused: they would only ever produce one point. */
    public static final long MAX_SECONDS = 3660L * 86_400;

    private static final Pattern SYNTAX = Pattern.compile("([1-9][0-9]{0,9})([smhdw])");

    public Step {
        if (seconds <= 0 || seconds % MINUTE != 0 || seconds > MAX_SECONDS) {
            throw new IllegalArgumentException(
                    "A step must be a positive whole number of minutes up to 3660d, but was "
                            + seconds
                            + "s.");
        }
    }

    /**
     * Parses {@code <n><unit>} with unit {@code s}, {@code m}, {@code h}, {@code d} or {@code w}.
     *
     * @throws IllegalArgumentException with a sentence suitable for the {@code step} parameter
     */
    public static Step parse(String text) {
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "'"
                            + text
                            + "' is not a step; write a number and a unit (s, m, h, d or w), such"
                            + " as 60s, 5m, 1h or 1d.");
        }
        long n = Long.parseLong(m.group(1));
        long unit =
                switch (m.group(2)) {
                    case "s" -> 1;
                    case "m" -> 60;
                    case "h" -> 3600;
                    case "d" -> 86_400;
                    default -> 7 * 86_400;
                };
        if (n > MAX_SECONDS / unit) {
            throw new IllegalArgumentException(
                    "'" + text + "' is longer than the largest step, 3660d.");
        }
        long seconds = n * unit;
        if (seconds % MINUTE != 0) {
            throw new IllegalArgumentException(
                    "'"
                            + text
                            + "' is not a whole number of minutes; data is stored per minute, so"
                            + " use 60s, 120s, 5m and the like.");
        }
        return new Step(seconds);
    }

    /** The shortest way to write this step: {@code 1d} rather than {@code 86400s}. */
    public String label() {
        return label(seconds);
    }

    /** The shortest way to write a step of {@code seconds}, e.g. {@code 1d} for 86 400. */
    public static String label(long seconds) {
        if (seconds % (7 * 86_400) == 0) {
            return seconds / (7 * 86_400) + "w";
        }
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }

    /** The start of the step containing {@code epochSecond}. */
    public long floor(long epochSecond) {
        return Math.floorDiv(epochSecond, seconds) * seconds;
    }
}
