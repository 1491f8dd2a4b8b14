package dev.plimsoll.read.params;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * The requested half-open range {@code [from, to)}. Data is stored per minute; a minute belongs to
 * the range when its <em>start</em> lies in it, so the minutes read are those starting in {@code
 * [firstMinute, endMinute)}.
 *
 * @param from inclusive start
 * @param to exclusive end, after {@code from}
 */
public record TimeRange(Instant from, Instant to) {

    public TimeRange {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to");
        }
    }

    /** Epoch second of the first minute start at or after {@code from}. */
    public long firstMinute() {
        return ceilToMinute(from);
    }

    /** Epoch second of the first minute start at or after {@code to}: the exclusive end. */
    public long endMinute() {
        return ceilToMinute(to);
    }

    /** Whether no minute starts inside the range (e.g. 10:00:10 to 10:00:50). */
    public boolean containsNoMinute() {
        return firstMinute() >= endMinute();
    }

    /** RFC 3339 text of an epoch second, e.g. {@code 2024-05-01T00:00:00Z}. */
    public static String format(long epochSecond) {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(epochSecond));
    }

    /** RFC 3339 text of an instant, with a fraction only when it has one. */
    public static String format(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    private static long ceilToMinute(Instant instant) {
        long second = instant.getEpochSecond();
        long floor = Math.floorDiv(second, Step.MINUTE) * Step.MINUTE;
        return floor == second && instant.getNano() == 0 ? floor : floor + Step.MINUTE;
    }
}
