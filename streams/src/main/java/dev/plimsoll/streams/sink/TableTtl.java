package dev.plimsoll.streams.sink;

import java.time.Duration;
import java.util.Objects;

/**
 * How long ClickHouse keeps rows of each service table, applied by the sink at start.
 *
 * @param minute rows of {@code service_minute} (default 14 days)
 * @param hour rows of {@code service_hour} (default 400 days)
 * @param day rows of {@code service_day} (default 5 years = 1825 days)
 */
public record TableTtl(Duration minute, Duration hour, Duration day) {

    /** 14 days, 400 days, 1825 days: the values of the V0001 migration. */
    public static final TableTtl DEFAULTS =
            new TableTtl(Duration.ofDays(14), Duration.ofDays(400), Duration.ofDays(1825));

    public TableTtl {
        check("minute", minute);
        check("hour", hour);
        check("day", day);
    }

    private static void check(String name, Duration ttl) {
        Objects.requireNonNull(ttl, name);
        if (ttl.isNegative() || ttl.compareTo(Duration.ofMinutes(1)) < 0 || ttl.getNano() != 0) {
            throw new IllegalArgumentException(
                    "TTL of "
                            + name
                            + " rows must be whole seconds and at least 1 minute, was "
                            + ttl);
        }
    }
}
