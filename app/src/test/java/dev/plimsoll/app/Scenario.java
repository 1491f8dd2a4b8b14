package dev.plimsoll.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A fixed set of request events for one service, with every expected figure computed here from the
 * raw events — exact lower quantiles from sorted durations, peak and mean in-flight from a
 * brute-force count over the raw intervals — independently of core's aggregation code.
 *
 * <p>Minutes: {@code m0} and {@code m1} hold 120 {@code POST /pay} requests each (spaced 500 ms,
 * 1–90 ms long, every 20th a 503); {@code m1} also holds five nested {@code GET /cart} requests
 * starting together (1–5 s) and one that starts at {@code m1 + 50 s} and runs 20 s into {@code m2}.
 * A final "tick" event eight minutes later moves event time past every window's grace period
 * (topics have one partition in these tests, so one event advances stream time for all of them).
 */
final class Scenario {

    static final String SERVICE = "checkout";
    static final String PAY = "POST /pay";
    static final String CART = "GET /cart";
    static final Duration MINUTE = Duration.ofMinutes(1);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One request: start in epoch microseconds, duration in milliseconds. */
    record Event(String operation, long startMicros, double durationMs, int status) {
        long endMicros() {
            return startMicros + Math.round(durationMs * 1000.0);
        }

        String json() {
            return "{\"service\":\""
                    + SERVICE
                    + "\",\"operation\":\""
                    + operation
                    + "\",\"start\":"
                    + startMicros / 1000
                    + ",\"durationMs\":"
                    + durationMs
                    + ",\"status\":"
                    + status
                    + "}";
        }
    }

    final Instant m0;
    final List<Event> events;

    private Scenario(Instant m0, List<Event> events) {
        this.m0 = m0;
        this.events = List.copyOf(events);
    }

    /** The scenario one hour ago, on a minute boundary. */
    static Scenario anHourAgo() {
        Instant m0 = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MINUTES);
        List<Event> events = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            for (int i = 0; i < 120; i++) {
                long start = micros(minute(m0, k)) + i * 500_000L;
                double duration = 1.0 + ((i * 37 + k * 11) % 120) * 0.75;
                events.add(new Event(PAY, start, duration, i % 20 == 0 ? 503 : 200));
            }
        }
        long cartStart = micros(minute(m0, 1)) + 10_000_000L;
        for (int s = 1; s <= 5; s++) {
            events.add(new Event(CART, cartStart, s * 1000.0, 200));
        }
        events.add(new Event(CART, micros(minute(m0, 1)) + 50_000_000L, 20_000.0, 200));
        return new Scenario(m0, events);
    }

    /** An event eight minutes after {@code m0}: closes the windows of {@code m0} … {@code m3}. */
    Event tick() {
        return new Event("tick", micros(minute(m0, 8)), 1.0, 200);
    }

    String ndjson() {
        return events.stream().map(Event::json).collect(Collectors.joining("\n", "", "\n"));
    }

    static Instant minute(Instant m0, int k) {
        return m0.plus(MINUTE.multipliedBy(k));
    }

    Instant minute(int k) {
        return minute(m0, k);
    }

    static long micros(Instant t) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, t);
    }

    // ---- expectations, from the raw events ----

    List<Event> select(Predicate<Event> filter) {
        return events.stream().filter(filter).toList();
    }

    /** The exact lower quantile: the value of rank {@code floor(q (n - 1))}. */
    static double exactQuantile(List<Event> events, double q) {
        double[] sorted = events.stream().mapToDouble(Event::durationMs).sorted().toArray();
        return sorted[(int) Math.floor(q * (sorted.length - 1))];
    }

    /** Most requests in flight at any instant of {@code [from, from + 1 min)}, by brute force. */
    static int peak(List<Event> events, Instant from) {
        long w0 = micros(from);
        long w1 = w0 + MINUTE.toNanos() / 1000;
        int best = 0;
        List<Long> instants = new ArrayList<>(List.of(w0));
        events.stream()
                .map(Event::startMicros)
                .filter(s -> s >= w0 && s < w1)
                .forEach(instants::add);
        for (long t : instants) {
            int inFlight = 0;
            for (Event e : events) {
                if (e.startMicros() <= t && t < e.endMicros()) {
                    inFlight++;
                }
            }
            best = Math.max(best, inFlight);
        }
        return best;
    }

    /** Time-weighted mean in flight over {@code [from, from + 1 min)}: Σ overlap ÷ window. */
    static double mean(List<Event> events, Instant from) {
        long w0 = micros(from);
        long w1 = w0 + MINUTE.toNanos() / 1000;
        long overlap = 0;
        for (Event e : events) {
            overlap += Math.max(0, Math.min(e.endMicros(), w1) - Math.max(e.startMicros(), w0));
        }
        return overlap / (double) (w1 - w0);
    }

    // ---- the API, as a client sees it ----

    static HttpResponse<String> postNdjson(URI base, String body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(base.resolve("/api/v1/ingest/requests"))
                        .header("Content-Type", "application/x-ndjson")
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode get(URI base, String path, String... params) throws Exception {
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < params.length; i += 2) {
            query.append(query.isEmpty() ? '?' : '&')
                    .append(params[i])
                    .append('=')
                    .append(URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
        }
        HttpResponse<String> response =
                HTTP.send(
                        HttpRequest.newBuilder(base.resolve(path + query))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + query + " → " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** Sends the scenario and the tick to {@code ingest}; every record must be accepted. */
    void send(URI ingest) throws Exception {
        for (String body : List.of(ndjson(), tick().json() + "\n")) {
            HttpResponse<String> response = postNdjson(ingest, body);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            assertThat(JSON.readTree(response.body()).path("rejected")).isEmpty();
        }
    }

    /** Polls the API until the minutes {@code m0} … {@code m2} have landed in ClickHouse. */
    void awaitLanded(URI api, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (landed(api)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "the scenario did not land within " + timeout + "; last answer: " + last);
            }
            Thread.sleep(500);
        }
    }

    private String last = "";

    private boolean landed(URI api) throws Exception {
        HttpResponse<String> latency =
                HTTP.send(
                        HttpRequest.newBuilder(
                                        api.resolve(
                                                "/api/v1/services/checkout/concurrency?from="
                                                        + m0
                                                        + "&to="
                                                        + minute(3)
                                                        + "&step=60s"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        last = latency.statusCode() + " " + latency.body();
        if (latency.statusCode() != 200) {
            return false;
        }
        return JSON.readTree(latency.body()).path("points").size() == 3;
    }

    /** Asserts P95 and concurrency read through the API against the raw-event expectations. */
    void assertApiAnswers(URI api) throws Exception {
        List<Event> pay = select(e -> e.operation().equals(PAY));

        JsonNode whole =
                get(
                        api,
                        "/api/v1/services/checkout/latency",
                        "from",
                        m0.toString(),
                        "to",
                        minute(2).toString(),
                        "operation",
                        PAY);
        double relativeError = whole.path("relativeError").asDouble();
        assertThat(relativeError).isEqualTo(0.01);
        JsonNode point = whole.path("points").get(0);
        assertThat(point.path("count").asLong()).isEqualTo(240);
        assertThat(point.path("errors").asLong()).isEqualTo(12);
        for (String q : List.of("p50", "p95", "p99")) {
            double exact = exactQuantile(pay, Double.parseDouble(q.substring(1)) / 100.0);
            assertThat(point.path(q).asDouble())
                    .as(q + " over two minutes, merged buckets")
                    .isCloseTo(exact, within(exact * relativeError));
        }

        JsonNode perMinute =
                get(
                        api,
                        "/api/v1/services/checkout/latency",
                        "from",
                        m0.toString(),
                        "to",
                        minute(2).toString(),
                        "step",
                        "60s",
                        "operation",
                        PAY);
        assertThat(perMinute.path("points")).hasSize(2);
        for (int k = 0; k < 2; k++) {
            Instant t = minute(k);
            JsonNode p = perMinute.path("points").get(k);
            List<Event> inMinute = select(e -> e.operation().equals(PAY) && startsIn(e, t));
            assertThat(Instant.parse(p.path("t").asText())).isEqualTo(t);
            assertThat(p.path("count").asLong()).isEqualTo(inMinute.size());
            double exact = exactQuantile(inMinute, 0.95);
            assertThat(p.path("p95").asDouble()).isCloseTo(exact, within(exact * relativeError));
        }

        assertConcurrency(api, null, events);
        assertConcurrency(api, CART, select(e -> e.operation().equals(CART)));
    }

    private void assertConcurrency(URI api, String operation, List<Event> expectedFrom)
            throws Exception {
        List<String> params =
                new ArrayList<>(
                        List.of("from", m0.toString(), "to", minute(3).toString(), "step", "60s"));
        if (operation != null) {
            params.addAll(List.of("operation", operation));
        }
        JsonNode series =
                get(api, "/api/v1/services/checkout/concurrency", params.toArray(String[]::new));
        List<JsonNode> points = new ArrayList<>();
        series.path("points").forEach(points::add);
        List<Instant> expectedMinutes = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            if (mean(expectedFrom, minute(k)) > 0) {
                expectedMinutes.add(minute(k));
            }
        }
        assertThat(points.stream().map(p -> Instant.parse(p.path("t").asText())).toList())
                .as("minutes with requests in flight (%s)", operation)
                .isEqualTo(expectedMinutes);
        for (JsonNode p : points) {
            Instant t = Instant.parse(p.path("t").asText());
            assertThat(p.path("peak").asInt())
                    .as("peak at %s (%s)", t, operation)
                    .isEqualTo(peak(expectedFrom, t));
            assertThat(p.path("mean").asDouble())
                    .as("mean at %s (%s)", t, operation)
                    .isCloseTo(mean(expectedFrom, t), within(1e-9));
        }
    }

    private static boolean startsIn(Event e, Instant minute) {
        long m = micros(minute);
        return e.startMicros() >= m && e.startMicros() < m + 60_000_000L;
    }

    static String describe(HttpResponse<String> response) throws IOException {
        return response.statusCode() + " " + response.body();
    }
}
