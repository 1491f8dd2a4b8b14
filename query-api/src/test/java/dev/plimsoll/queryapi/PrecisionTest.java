package dev.plimsoll.queryapi;

import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.infra.testing.MinuteRows;
import dev.plimsoll.queryapi.support.ApiServer;
import dev.plimsoll.queryapi.support.Http;
import dev.plimsoll.queryapi.support.TestClickHouse;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The API's percentiles over minute, hour and day ranges are within the stated relative error (1 %)
 * of the exact percentiles of the raw durations, computed here from the same seeded events that
 * were aggregated into minute rows (as the streams job does) and rolled up by ClickHouse.
 *
 * <p>Dataset (seed 20240501): one UTC day, 43 200 requests at uniformly random instants, log-normal
 * durations (median 50 ms, sigma 1.0, so P99 is around 500 ms), 5 000 users.
 */
@MicronautTest
class PrecisionTest extends ApiServer {

    private static final Instant DAY =
            LocalDate.now(ZoneOffset.UTC).minusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant();
    private static final List<RequestEvent> EVENTS = events();

    @Override
    protected String clickHouseUrl() {
        String url = TestClickHouse.createDatabase("precision");
        MinuteRows.insert(url, EVENTS);
        return url;
    }

    @ParameterizedTest(name = "{0}: [{1}s, {2}s) after midnight")
    @CsvSource({
        "one minute (service_minute), 36000, 36060",
        "one hour (service_hour), 36000, 39600",
        "one day (service_day), 0, 86400",
        "unaligned (minutes + hours), 34620, 83460",
        "afternoon (hours), 43200, 86400"
    })
    void quantilesOfARangeAreWithinOnePercentOfExact(String name, long from, long to) {
        JsonNode body =
                json(
                        "/api/v1/services/precise/latency?from="
                                + DAY.plusSeconds(from)
                                + "&to="
                                + DAY.plusSeconds(to)
                                + "&quantiles=0.5,0.9,0.95,0.99,0.999");

        assertThat(body.get("relativeError").asDouble()).isEqualTo(0.01);
        JsonNode point = body.get("points").get(0);
        List<Double> exact = durations(from, to);
        assertThat(point.get("count").asLong()).isEqualTo(exact.size());
        assertWithinOnePercent(point, exact);
    }

    @Test
    void everyHourlyPointOfTheDayIsWithinOnePercent() {
        JsonNode points =
                json("/api/v1/services/precise/latency?from="
                                + DAY
                                + "&to="
                                + DAY.plusSeconds(86_400)
                                + "&step=1h&quantiles=0.5,0.9,0.95,0.99,0.999")
                        .get("points");

        assertThat(points).hasSize(24);
        for (int h = 0; h < 24; h++) {
            JsonNode point = points.get(h);
            assertThat(point.get("t").asText()).isEqualTo(DAY.plusSeconds(h * 3600L).toString());
            assertWithinOnePercent(point, durations(h * 3600L, (h + 1) * 3600L));
        }
    }

    @Test
    void everyMinuteOfAnHourIsWithinOnePercent() {
        JsonNode points =
                json("/api/v1/services/precise/latency?from="
                                + DAY.plusSeconds(7200)
                                + "&to="
                                + DAY.plusSeconds(10_800)
                                + "&step=1m")
                        .get("points");

        assertThat(points).hasSize(60);
        for (int m = 0; m < 60; m++) {
            long start = 7200 + m * 60L;
            assertWithinOnePercent(points.get(m), durations(start, start + 60));
        }
    }

    @Test
    void activeUsersOfTheDayAreWithinTheStatedError() {
        JsonNode body =
                json(
                        "/api/v1/services/precise/users?from="
                                + DAY
                                + "&to="
                                + DAY.plusSeconds(86_400));
        Set<String> exact = new HashSet<>();
        EVENTS.forEach(e -> exact.add(e.userId()));

        // Three standard errors.
        assertThat((double) body.get("points").get(0).get("activeUsers").asLong())
                .isCloseTo(exact.size(), within(exact.size() * 3 * 0.003));
    }

    private static void assertWithinOnePercent(JsonNode point, List<Double> exact) {
        point.fieldNames()
                .forEachRemaining(
                        field -> {
                            if (!field.startsWith("p")) {
                                return;
                            }
                            double q =
                                    Double.parseDouble(field.substring(1).replace('_', '.')) / 100;
                            double truth = exactQuantile(exact, q);
                            assertThat(point.get(field).asDouble())
                                    .as(
                                            "%s of %d durations at %s",
                                            field, exact.size(), point.get("t"))
                                    .isCloseTo(truth, within(truth * 0.01));
                        });
    }

    /** The exact lower quantile: the value of rank floor(q (n - 1)) in sorted order. */
    private static double exactQuantile(List<Double> sorted, double q) {
        return sorted.get((int) Math.floor(q * (sorted.size() - 1)));
    }

    /** Sorted durations of the requests starting in [from, to) seconds after midnight. */
    private static List<Double> durations(long from, long to) {
        long start = (DAY.getEpochSecond() + from) * 1_000_000L;
        long end = (DAY.getEpochSecond() + to) * 1_000_000L;
        List<Double> values = new ArrayList<>();
        for (RequestEvent e : EVENTS) {
            if (e.startMicros() >= start && e.startMicros() < end) {
                values.add(e.durationMs());
            }
        }
        values.sort(null);
        return values;
    }

    private JsonNode json(String uri) {
        Http.Reply reply = get(uri);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private static List<RequestEvent> events() {
        Random random = new Random(20240501);
        long dayMicros = DAY.getEpochSecond() * 1_000_000L;
        List<RequestEvent> events = new ArrayList<>(43_200);
        for (int i = 0; i < 43_200; i++) {
            long start = dayMicros + (long) (random.nextDouble() * 86_400_000_000L);
            double duration = 50 * Math.exp(random.nextGaussian());
            events.add(
                    new RequestEvent(
                            "precise",
                            "GET /p",
                            start,
                            duration,
                            200,
                            false,
                            "user-" + random.nextInt(5000),
                            null));
        }
        return events;
    }
}
