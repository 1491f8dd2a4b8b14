package dev.plimsoll.queryapi;

import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.infra.testing.MinuteRows;
import dev.plimsoll.queryapi.support.ApiServer;
import dev.plimsoll.queryapi.support.TestClickHouse;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static dev.plimsoll.queryapi.support.SmallDataset.DAY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Points with late corrections (ADR 0011), on every endpoint and resolution. Rows are stored as the
 * streams job and its sink write them: the on-time rows of a minute, and a correction row per
 * minute of arrival holding only the late events, with the minute's peak bound.
 *
 * <pre>
 * service late, operation GET /l, no tenant
 *   on time    10:00:00  100 ms  u1          10:05:00  5 ms u4 (never corrected)
 *              10:00:30  200 ms  u2  error
 *   late       10:00:10  300 ms  u3          corrects 10:00 (arrived in the job's minute 12:05)
 *              10:02:00   50 ms  u1          corrects 10:02, which had no on-time row
 * </pre>
 *
 * No two requests overlap, so every true peak is 1. 10:00 stores its on-time peak 1 and a
 * correction with the bound 1 + 1 = 2, flagged inexact; 10:02's correction is its only row: peak 1,
 * exact.
 */
@MicronautTest
class LateCorrectionsEndpointTest extends ApiServer {

    private static final String BASE = "/api/v1/services/late/";
    private static final long ARRIVED = at("12:05").getEpochSecond();

    @Override
    protected String clickHouseUrl() {
        String url = TestClickHouse.createDatabase("late_corrections");
        MinuteRows.insert(
                url,
                List.of(
                        event("10:00:00", 100, false, "u1"),
                        event("10:00:30", 200, true, "u2"),
                        event("10:05:00", 5, false, "u4")));
        MinuteRows.insertCorrections(
                url,
                List.of(event("10:00:10", 300, false, "u3"), event("10:02:00", 50, false, "u1")),
                ARRIVED,
                key -> key.windowStartMicros() == at("10:00").toEpochMilli() * 1000 ? 1 : 0);
        return url;
    }

    @Test
    void minutePointsAddTheirCorrectionsUpAndSaySo() {
        JsonNode points = points("requests", "10:00", "10:06", "&step=1m");
        assertThat(points).hasSize(3);
        assertThat(fields(points.get(0), "t", "count", "errors", "corrected", "lateCount"))
                .isEqualTo(at("10:00") + "|3|1|true|1");
        assertThat(fields(points.get(1), "t", "count", "errors", "corrected", "lateCount"))
                .isEqualTo(at("10:02") + "|1|0|true|1");
        assertThat(fields(points.get(2), "t", "count", "errors", "corrected", "lateCount"))
                .isEqualTo(at("10:05") + "|1|0|false|0");

        JsonNode concurrency = points("concurrency", "10:00", "10:06", "&step=1m");
        assertThat(fields(concurrency.get(0), "t", "peak", "mean", "corrected", "peakUpperBound"))
                .isEqualTo(at("10:00") + "|2|" + (600 / 60_000.0) + "|true|true");
        assertThat(fields(concurrency.get(1), "t", "peak", "mean", "corrected", "peakUpperBound"))
                .isEqualTo(at("10:02") + "|1|" + (50 / 60_000.0) + "|true|false");
        assertThat(fields(concurrency.get(2), "t", "peak", "mean", "corrected", "peakUpperBound"))
                .isEqualTo(at("10:05") + "|1|" + (5 / 60_000.0) + "|false|false");

        JsonNode users = points("users", "10:00", "10:06", "&step=1m");
        assertThat(fields(users.get(0), "t", "activeUsers", "corrected"))
                .isEqualTo(at("10:00") + "|3|true");
        assertThat(fields(users.get(1), "t", "activeUsers", "corrected"))
                .isEqualTo(at("10:02") + "|1|true");
        assertThat(fields(users.get(2), "t", "activeUsers", "corrected"))
                .isEqualTo(at("10:05") + "|1|false");
    }

    @Test
    void latencyMergesTheCorrectionsBuckets() {
        // 100, 200, 300 ms in 10:00: exact lower P50 is 200 (rank 1 of 0..2), P99 200 (rank 1)
        JsonNode minute = points("latency", "10:00", "10:01", "&step=1m&quantiles=0.5,1").get(0);
        assertThat(minute.get("count").asLong()).isEqualTo(3);
        assertThat(minute.get("corrected").asBoolean()).isTrue();
        assertThat(minute.get("p50").asDouble()).isCloseTo(200, within(200));
        assertThat(minute.get("p100").asDouble()).isCloseTo(300, within(300));
        // the whole range: 5, 50, 100, 200, 300: P50 is 100 (rank 2 of 0..4)
        JsonNode all = points("latency", "10:00", "10:06", "&quantiles=0.5").get(0);
        assertThat(fields(all, "count", "errors", "corrected")).isEqualTo("5|1|true");
        assertThat(all.get("p50").asDouble()).isCloseTo(100, within(100));
    }

    @Test
    void hourAndDayRollupsCountTheCorrectionsToo() {
        for (String step : List.of("1h", "1d")) {
            String from = step.equals("1h") ? "10:00" : "00:00";
            String to = step.equals("1h") ? "11:00" : "+1 00:00";
            JsonNode requests = points("requests", from, to, "&step=" + step).get(0);
            assertThat(fields(requests, "count", "errors", "corrected", "lateCount"))
                    .as(step)
                    .isEqualTo("5|1|true|2");
            JsonNode concurrency = points("concurrency", from, to, "&step=" + step).get(0);
            double seconds = step.equals("1h") ? 3_600 : 86_400;
            assertThat(fields(concurrency, "peak", "mean", "corrected", "peakUpperBound"))
                    .as(step)
                    .isEqualTo("2|" + (655 / (seconds * 1000)) + "|true|true");
            JsonNode users = points("users", from, to, "&step=" + step).get(0);
            assertThat(fields(users, "activeUsers", "corrected")).as(step).isEqualTo("4|true");
            JsonNode latency = points("latency", from, to, "&step=" + step).get(0);
            assertThat(fields(latency, "count", "corrected")).as(step).isEqualTo("5|true");
        }
    }

    private JsonNode points(String metric, String from, String to, String extra) {
        var reply = get(BASE + metric + "?from=" + time(from) + "&to=" + time(to) + extra);
        assertThat(reply.status()).as(reply.json().toString()).isEqualTo(200);
        return reply.json().get("points");
    }

    private static String fields(JsonNode point, String... names) {
        StringBuilder s = new StringBuilder();
        for (String name : names) {
            if (!s.isEmpty()) {
                s.append('|');
            }
            s.append(point.get(name).asText());
        }
        return s.toString();
    }

    private static org.assertj.core.data.Offset<Double> within(double exact) {
        return org.assertj.core.data.Offset.offset(exact * 0.01);
    }

    private static Instant at(String clock) {
        return Instant.parse(time(clock));
    }

    /** {@code hh:mm[:ss]} of DAY, or {@code +1 hh:mm}: RFC 3339. */
    private static String time(String clock) {
        long days = 0;
        String c = clock;
        if (clock.startsWith("+1 ")) {
            days = 1;
            c = clock.substring(3);
        }
        String[] p = c.split(":");
        long seconds =
                Long.parseLong(p[0]) * 3600
                        + Long.parseLong(p[1]) * 60
                        + (p.length > 2 ? Long.parseLong(p[2]) : 0);
        return DAY.plusSeconds(days * 86_400 + seconds).toString();
    }

    private static RequestEvent event(String clock, double ms, boolean error, String user) {
        return new RequestEvent(
                "late",
                "GET /l",
                at(clock).toEpochMilli() * 1000,
                ms,
                error ? 500 : 200,
                error,
                user,
                null);
    }
}
