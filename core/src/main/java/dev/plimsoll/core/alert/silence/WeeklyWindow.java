package dev.plimsoll.core.alert.silence;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A recurring weekly maintenance window in a time zone: from {@code start} to {@code end} local
 * time on each of {@code days}. When {@code end} is not after {@code start} the window runs past
 * midnight into the next day (Saturday 22:00–02:00 ends on Sunday at 02:00). Local times follow the
 * zone's daylight-saving rules: 02:00–04:00 on the night clocks skip 02:00–03:00 lasts one hour.
 * Immutable and thread-safe.
 *
 * @param days the days the window starts on
 * @param start local start, inclusive
 * @param end local end, exclusive
 * @param zone the time zone
 */
public record WeeklyWindow(Set<DayOfWeek> days, LocalTime start, LocalTime end, ZoneId zone) {

    public WeeklyWindow {
        days = days.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(days));
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(zone, "zone");
        if (days.isEmpty()) {
            throw new IllegalArgumentException("a weekly window needs at least one day");
        }
    }

    /** Whether the window is open at {@code at}. */
    public boolean contains(Instant at) {
        ZonedDateTime local = at.atZone(zone);
        LocalTime t = local.toLocalTime();
        DayOfWeek day = local.getDayOfWeek();
        if (start.isBefore(end)) {
            return days.contains(day) && !t.isBefore(start) && t.isBefore(end);
        }
        // Past midnight: the part after start on a listed day, or before end on the day after one.
        return (days.contains(day) && !t.isBefore(start))
                || (days.contains(day.minus(1)) && t.isBefore(end));
    }
}
