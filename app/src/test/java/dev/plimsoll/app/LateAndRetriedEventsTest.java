package dev.plimsoll.app;

import dev.plimsoll.core.telemetry.TelemetryTopics;
import dev.plimsoll.infra.clickhouse.LocalClickHouse;
import dev.plimsoll.infra.kafka.LocalKafka;
import dev.plimsoll.infra.testing.MaxMessageBytes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Issue 13's acceptance, end to end on the local engines (ingest → Kafka → streams → ClickHouse →
 * API, one process with every role): late, out-of-order and retried request events count exactly
 * once, at every resolution.
 *
 * <p>Event time is anchored half an hour in the past ({@code S}), so that "live" traffic can move
 * the streams job's clock on without waiting for the wall clock: the clock follows event time, up
 * to the time records reach Kafka. One partition, so one task and one clock. Service {@code tick}
 * only moves the clock.
 *
 * <pre>
 *   1. on time   shop: 600 events in the six minutes [H, H+6), H = S - 2 h, in order
 *   2. live      shop: 300 events in [S-60 s, S): the clock is at S, H's minutes are written
 *   3. late      shop: 3 000 more events in [H, H+6), shuffled, in ONE batch: all corrections
 *   4. tick      at S + 3 min: the corrections (arrived in S's minute) are written
 * </pre>
 *
 * Expected values are computed here by brute force from the raw events: counts, errors, exact lower
 * quantiles (the API is within its stated 1 %), in-flight milliseconds per minute and range (mean
 * concurrency, exact), the true peak from a sweep over the raw intervals.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LateAndRetriedEventsTest {

    private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration GRACE = Duration.ofSeconds(10);

    /** Event-time anchor: the "now" of the scenario, half an hour ago on a minute boundary. */
    private static final Instant S =
            Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.MINUTES);

    private static final Instant H = S.minus(Duration.ofHours(2));

    private LocalKafka kafka;
    private LocalClickHouse clickHouse;
    private PlimsollApp app;
    private URI base;

    /** One request: start epoch µs, duration ms. */
    record Event(
            String service,
            String operation,
            long startMicros,
            double durationMs,
            int status,
            String user) {
        long endMicros() {
            return startMicros + Math.round(durationMs * 1000.0);
        }

        boolean error() {
            return status >= 500;
        }

        String json() {
            return "{\"service\":\""
                    + service
                    + "\",\"operation\":\""
                    + operation
                    + "\",\"start\":\""
                    + Instant.EPOCH.plus(startMicros, ChronoUnit.MICROS)
                    + "\",\"durationMs\":"
                    + durationMs
                    + ",\"status\":"
                    + status
                    + (user == null ? "" : ",\"userId\":\"" + user + "\"")
                    + "}";
        }
    }

    @BeforeAll
    void start(@TempDir Path dir) {
        kafka = LocalKafka.start(dir.resolve("kafka"));
        clickHouse = LocalClickHouse.start(dir.resolve("clickhouse"));
        app =
                PlimsollApp.start(
                        new AppSettings(
                                "127.0.0.1",
                                0,
                                dir.resolve("app"),
                                // the roles that count requests; the cost job has its own tests
                                EnumSet.of(Role.INGEST, Role.STREAMS, Role.API),
                                Optional.of(kafka.bootstrapServers()),
                                Optional.of(clickHouse.jdbcUrl("plimsoll")),
                                0,
                                0,
                                false,
                                Map.of(
                                        TopicProvisioning.PARTITIONS,
                                        "1",
                                        "plimsoll.security.mode",
                                        "open",
                                        "plimsoll.streams.grace",
                                        "10s",
                                        "plimsoll.streams.max-clock-skew",
                                        "1s",
                                        "plimsoll.streams.idle-close-after",
                                        "0s",
                                        "plimsoll.streams.sink.batch-interval",
                                        "200ms")),
                        QUIET);
        base = app.baseUri();
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
        if (clickHouse != null) {
            clickHouse.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @Order(1)
    void sixMinutesFromTwoHoursAgoShuffledInOneBatchCountAsIfOnTime() throws Exception {
        Random random = new Random(20_261_206L);
        List<Event> onTime = shop(random, 600, H, Duration.ofMinutes(6));
        onTime.sort((a, b) -> Long.compare(a.startMicros(), b.startMicros()));
        List<Event> live = shop(random, 300, S.minusSeconds(60), MINUTE);
        live.sort((a, b) -> Long.compare(a.startMicros(), b.startMicros()));
        List<Event> late = shop(random, 3_000, H, Duration.ofMinutes(6));
        Collections.shuffle(late, random);

        post(onTime, null);
        post(live, null);
        post(late, null);
        post(List.of(tick(S.plus(Duration.ofMinutes(3)))), null);

        List<Event> all = new ArrayList<>(onTime);
        all.addAll(live);
        all.addAll(late);
        awaitCount("shop", H, S, all.size());
        assertThat(prometheus())
                .as("the job counted the late events as corrections")
                .contains("plimsoll_streams_late_corrected_total 3000.0");

        // per minute and for the whole six minutes, read from minute rows
        for (int k = 0; k < 6; k++) {
            Instant m = H.plus(MINUTE.multipliedBy(k));
            assertPoint(all, m, m.plus(MINUTE), "60s", true);
        }
        assertPoint(all, H, H.plus(Duration.ofMinutes(6)), null, true);
        // through the hour rollup (every whole hour that holds these minutes), and the day rollup
        Instant hour = H.truncatedTo(ChronoUnit.HOURS);
        Instant lastHour = H.plus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.HOURS);
        for (Instant h = hour; !h.isAfter(lastHour); h = h.plus(Duration.ofHours(1))) {
            assertPoint(all, h, h.plus(Duration.ofHours(1)), "1h", true);
        }
        Instant day = H.truncatedTo(ChronoUnit.DAYS);
        assertPoint(all, day, day.plus(Duration.ofDays(1)), "1d", true);
        // the live minute has no correction
        assertPoint(all, S.minusSeconds(60), S, "60s", false);
    }

    /**
     * A batch of ten whose one 1.1 KB event the topic refuses (600-byte limit): nine reach Kafka,
     * the client gets 503; the limit is lifted and the batch sent again. With a key: counted once.
     * Without: the nine count twice — the documented at-least-once.
     */
    @Test
    @Order(2)
    void aBatchRetriedAfterA503WithAPartialWriteCountsOnceWithItsKey() throws Exception {
        Instant at = S.plus(Duration.ofMinutes(5));
        List<Event> keyed = retryBatch("retry-keyed", at);
        List<Event> unkeyed = retryBatch("retry-unkeyed", at);

        maxMessageBytes(600);
        assertThat(post(keyed, "0b7f6c1e-1f0a-4c55-9d51-3f1d2c3b4a59").statusCode()).isEqualTo(503);
        assertThat(post(unkeyed, null).statusCode()).isEqualTo(503);
        maxMessageBytes(1_048_588);
        assertThat(post(keyed, "0b7f6c1e-1f0a-4c55-9d51-3f1d2c3b4a59").statusCode()).isEqualTo(202);
        assertThat(post(unkeyed, null).statusCode()).isEqualTo(202);
        post(List.of(tick(at.plus(Duration.ofMinutes(3)))), null);

        awaitCount("retry-unkeyed", at, at.plus(MINUTE), 19);
        awaitCount("retry-keyed", at, at.plus(MINUTE), 10);
        assertThat(prometheus()).contains("plimsoll_streams_duplicates_total 9.0");
        JsonNode keyedPoint = points("retry-keyed", "requests", at, at.plus(MINUTE), "60s").get(0);
        assertThat(keyedPoint.path("count").asLong()).isEqualTo(10);
        assertThat(keyedPoint.path("errors").asLong()).isEqualTo(1);
    }

    // ---- the events ----

    private static List<Event> shop(Random random, int n, Instant from, Duration span) {
        String[] operations = {"GET /items", "POST /cart", "GET /search"};
        List<Event> events = new ArrayList<>(n);
        long start = from.toEpochMilli() * 1000;
        long spanMicros = span.toMillis() * 1000;
        for (int i = 0; i < n; i++) {
            long at = start + (long) (random.nextDouble() * spanMicros);
            // lognormal around 40 ms; one in fifty a few seconds long, spilling into a later minute
            double ms =
                    random.nextInt(50) == 0
                            ? 1_000 + random.nextInt(90_000)
                            : Math.round(
                                            Math.exp(Math.log(40) + 0.9 * random.nextGaussian())
                                                    * 1000)
                                    / 1000.0;
            int status = random.nextInt(25) == 0 ? 503 : 200;
            events.add(
                    new Event(
                            "shop",
                            operations[random.nextInt(operations.length)],
                            at,
                            ms,
                            status,
                            "u" + random.nextInt(400)));
        }
        return events;
    }

    private static Event tick(Instant at) {
        return new Event("tick", "tick", at.toEpochMilli() * 1000, 1, 200, null);
    }

    /** Ten events of {@code service} in the minute {@code at}, number 7 with a 1 KB operation. */
    private static List<Event> retryBatch(String service, Instant at) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            events.add(
                    new Event(
                            service,
                            i == 7 ? "GET /" + "x".repeat(995) : "GET /" + i,
                            at.toEpochMilli() * 1000 + i * 1_000_000L,
                            5,
                            i == 3 ? 503 : 200,
                            "r" + i));
        }
        return events;
    }

    // ---- the expectations, by brute force ----

    /** Asserts one point of every endpoint for [from, to) against the raw events. */
    private void assertPoint(
            List<Event> all, Instant from, Instant to, String step, boolean corrected)
            throws Exception {
        String what = "[" + from + ", " + to + ") step " + step;
        Predicate<Event> in =
                e -> {
                    Instant start = Instant.EPOCH.plus(e.startMicros(), ChronoUnit.MICROS);
                    return !start.isBefore(from) && start.isBefore(to);
                };
        List<Event> started = all.stream().filter(in).toList();

        JsonNode requests = points("shop", "requests", from, to, step).get(0);
        assertThat(requests.path("count").asLong()).as(what).isEqualTo(started.size());
        assertThat(requests.path("errors").asLong())
                .as(what)
                .isEqualTo(started.stream().filter(Event::error).count());
        assertThat(requests.path("corrected").asBoolean()).as(what).isEqualTo(corrected);

        JsonNode latency = points("shop", "latency", from, to, step).get(0);
        assertThat(latency.path("count").asLong()).as(what).isEqualTo(started.size());
        for (double q : new double[] {0.5, 0.95, 0.99}) {
            double exact = exactQuantile(started, q);
            String field = "p" + Math.round(q * 100);
            assertThat(latency.path(field).asDouble())
                    .as(what + " " + field)
                    .isCloseTo(exact, within(exact * 0.01));
        }

        JsonNode concurrency = points("shop", "concurrency", from, to, step).get(0);
        long fromMicros = from.toEpochMilli() * 1000;
        long toMicros = to.toEpochMilli() * 1000;
        double inflightMs = 0;
        for (Event e : all) {
            long overlap =
                    Math.min(e.endMicros(), toMicros) - Math.max(e.startMicros(), fromMicros);
            inflightMs += Math.max(0, overlap) / 1000.0;
        }
        double mean = inflightMs / Duration.between(from, to).toMillis();
        assertThat(concurrency.path("mean").asDouble())
                .as(what + " mean in flight")
                .isCloseTo(mean, within(mean * 1e-9));
        long truePeak = peak(all, fromMicros, toMicros);
        assertThat(concurrency.path("peak").asLong())
                .as(what + " peak")
                .isGreaterThanOrEqualTo(truePeak);
        if (!corrected) {
            assertThat(concurrency.path("peak").asLong()).as(what + " peak").isEqualTo(truePeak);
            assertThat(concurrency.path("peakUpperBound").asBoolean()).isFalse();
        } else {
            assertThat(concurrency.path("peakUpperBound").asBoolean()).as(what).isTrue();
        }
    }

    /** The exact lower quantile: the value of rank floor(q (n - 1)). */
    private static double exactQuantile(List<Event> events, double q) {
        List<Double> sorted = events.stream().map(Event::durationMs).sorted().toList();
        return sorted.get((int) Math.floor(q * (sorted.size() - 1)));
    }

    /** The most requests in flight at once within [from, to), by a sweep over the raw events. */
    private static long peak(List<Event> events, long from, long to) {
        List<long[]> edges = new ArrayList<>();
        for (Event e : events) {
            long s = Math.max(e.startMicros(), from);
            long end = Math.min(e.endMicros(), to);
            if (s < end) {
                edges.add(new long[] {s, 1});
                edges.add(new long[] {end, -1});
            }
        }
        edges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        long now = 0;
        long max = 0;
        for (long[] edge : edges) {
            now += edge[1];
            max = Math.max(max, now);
        }
        return max;
    }

    // ---- HTTP and Kafka ----

    private HttpResponse<String> post(List<Event> events, String key) throws Exception {
        String body = events.stream().map(Event::json).collect(Collectors.joining("\n", "", "\n"));
        HttpRequest.Builder request =
                HttpRequest.newBuilder(base.resolve("/api/v1/ingest/requests"))
                        .timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/x-ndjson")
                        .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        HttpResponse<String> response =
                HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 202) {
            assertThat(JSON.readTree(response.body()).path("rejected")).isEmpty();
        }
        return response;
    }

    private JsonNode points(String service, String metric, Instant from, Instant to, String step)
            throws Exception {
        String query =
                "/api/v1/services/"
                        + service
                        + "/"
                        + metric
                        + "?from="
                        + from
                        + "&to="
                        + to
                        + (step == null ? "" : "&step=" + step);
        HttpResponse<String> r =
                HTTP.send(
                        HttpRequest.newBuilder(base.resolve(query)).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(query + " → " + r.body()).isEqualTo(200);
        JsonNode points = JSON.readTree(r.body()).path("points");
        assertThat(points.size()).as(query + " → " + r.body()).isPositive();
        return points;
    }

    /** Waits until the API counts {@code expected} requests of {@code service} in [from, to). */
    private void awaitCount(String service, Instant from, Instant to, long expected)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r =
                    HTTP.send(
                            HttpRequest.newBuilder(
                                            base.resolve(
                                                    "/api/v1/services/"
                                                            + service
                                                            + "/requests?from="
                                                            + from
                                                            + "&to="
                                                            + to))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            last = r.statusCode() + " " + r.body();
            if (r.statusCode() == 200) {
                JsonNode points = JSON.readTree(r.body()).path("points");
                long count = points.isEmpty() ? 0 : points.get(0).path("count").asLong();
                if (count == expected) {
                    return;
                }
                assertThat(count).as("never more than sent: " + last).isLessThan(expected);
            }
            Thread.sleep(200);
        }
        throw new AssertionError(service + " did not reach " + expected + "; last: " + last);
    }

    private String prometheus() throws Exception {
        return HTTP.send(
                        HttpRequest.newBuilder(base.resolve("/prometheus")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** Sets the requests topic's max.message.bytes and waits until the broker decides by it. */
    private void maxMessageBytes(int bytes) throws Exception {
        // the probes are no request events: the job's decoder logs and skips them
        MaxMessageBytes.set(kafka.bootstrapServers(), TelemetryTopics.REQUESTS, bytes, null);
    }
}
