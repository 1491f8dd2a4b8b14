package dev.plimsoll.queryapi.support;

import dev.plimsoll.core.telemetry.RequestEvent;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A handful of requests whose every aggregate is easy to work out by hand; the expected values in
 * the endpoint tests are derived in their comments from this list.
 *
 * <p>Times are relative to {@link #DAY}, midnight UTC three days ago, so that the rows are inside
 * every table's TTL (14 days of minutes) whatever the date.
 *
 * <pre>
 * service  tenant  operation     start            duration  error  user
 * orders   acme    GET /orders   D 10:00:00       10 ms            u1
 * orders   acme    GET /orders   D 10:00:10       20 ms            u2
 * orders   acme    POST /orders  D 10:00:20       30 ms     yes    u1
 * orders   -       GET /orders   D 10:00:30       40 ms            u3
 * orders   globex  GET /orders   D 10:01:00       50 ms            u4
 * orders   acme    GET /orders   D 10:01:30       60 ms            u1
 * orders   acme    POST /orders  D 11:30:00     1000 ms            u5
 * orders   -       GET /orders   D+1 05:00:00      5 ms            u6
 * billing  globex  POST /charge  D 10:00:00      100 ms            u7
 * search   acme    GET /search   D 12:00:00    30000 ms            u8
 * search   acme    GET /search   D 12:00:10    30000 ms            u9
 * search   acme    GET /search   D 12:00:20    60000 ms            u8
 * </pre>
 */
public final class SmallDataset {

    /** Midnight UTC, three days ago. */
    public static final Instant DAY =
            LocalDate.now(ZoneOffset.UTC).minusDays(3).atStartOfDay(ZoneOffset.UTC).toInstant();

    private SmallDataset() {}

    public static List<RequestEvent> events() {
        return List.of(
                event("orders", "acme", "GET /orders", "10:00:00", 10, false, "u1"),
                event("orders", "acme", "GET /orders", "10:00:10", 20, false, "u2"),
                event("orders", "acme", "POST /orders", "10:00:20", 30, true, "u1"),
                event("orders", null, "GET /orders", "10:00:30", 40, false, "u3"),
                event("orders", "globex", "GET /orders", "10:01:00", 50, false, "u4"),
                event("orders", "acme", "GET /orders", "10:01:30", 60, false, "u1"),
                event("orders", "acme", "POST /orders", "11:30:00", 1000, false, "u5"),
                event("orders", null, "GET /orders", "+1 05:00:00", 5, false, "u6"),
                event("billing", "globex", "POST /charge", "10:00:00", 100, false, "u7"),
                event("search", "acme", "GET /search", "12:00:00", 30_000, false, "u8"),
                event("search", "acme", "GET /search", "12:00:10", 30_000, false, "u9"),
                event("search", "acme", "GET /search", "12:00:20", 60_000, false, "u8"));
    }

    /** {@code D hh:mm:ss} as RFC 3339, e.g. {@code at("10:00")} or {@code at("+1 05:00:00")}. */
    public static String at(String time) {
        return time(time).toString();
    }

    /** {@code from=..&to=..} for a range of day-relative times. */
    public static String range(String from, String to) {
        return "from=" + at(from) + "&to=" + at(to);
    }

    static Instant time(String time) {
        int days = 0;
        String clock = time;
        if (time.startsWith("+") || time.startsWith("-")) {
            int space = time.indexOf(' ');
            days = Integer.parseInt(time.substring(0, space));
            clock = time.substring(space + 1);
        }
        String[] parts = clock.split(":");
        long seconds =
                Long.parseLong(parts[0]) * 3600
                        + Long.parseLong(parts[1]) * 60
                        + (parts.length > 2 ? Long.parseLong(parts[2]) : 0);
        return DAY.plusSeconds(days * 86_400L + seconds);
    }

    private static RequestEvent event(
            String service,
            String tenant,
            String operation,
            String start,
            double durationMs,
            boolean error,
            String user) {
        Instant at = time(start);
        return new RequestEvent(
                service,
                operation,
                at.getEpochSecond() * 1_000_000L,
                durationMs,
                error ? 500 : 200,
                error,
                user,
                tenant);
    }
}
