package dev.plimsoll.app;

import dev.plimsoll.infra.clickhouse.LocalClickHouse;
import dev.plimsoll.infra.kafka.LocalKafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Entropy alerts end to end on the local engines, one process with every role: request events
 * posted over HTTP degrade a service's P95 → the alert is firing in {@code /api/v1/alerts}, naming
 * the deploy posted just before as suspect; latency recovers → resolved.
 *
 * <p>Minutes (M = the current minute when the test starts): M−6 and M−5 hold 100 requests of 600 ms
 * each, M−2 100 requests of 100 ms; the deploy is at M−6 − 20 s. Rule: P95 above 300 ms over 1m,
 * for 1m, recover below 250 ms, every 1m. Evaluations at M−5 (window M−6: 600 ms → pending), M−4
 * (M−5: held a minute → firing), M−3 and M−2 (no data: the alert holds), M−1 (M−2: 100 ms < 250 →
 * resolved). After each phase one request of another service, dated 66 s after the phase's last
 * minute began, moves the streams job's event time past that minute's end plus the grace period (5
 * s), so it is closed and stored at once (topics have one partition here); the evaluator evaluates
 * each minute once it is stored.
 */
class AlertsEndToEndTest {

    private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir Path dir;
    private LocalKafka kafka;
    private LocalClickHouse clickHouse;

    @BeforeEach
    void startEngines() {
        kafka = LocalKafka.start(dir.resolve("kafka"));
        clickHouse = LocalClickHouse.start(dir.resolve("clickhouse"));
    }

    @AfterEach
    void stopEngines() {
        if (clickHouse != null) {
            clickHouse.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aDegradedP95FiresNamingTheDeployAndResolvesWhenLatencyRecovers() throws Exception {
        Instant m = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Instant bad1 = m.minusSeconds(6 * 60);
        Instant bad2 = m.minusSeconds(5 * 60);
        Instant good = m.minusSeconds(2 * 60);
        Instant deployAt = bad1.minusSeconds(20);

        try (PlimsollApp app = PlimsollApp.start(settings(), QUIET)) {
            URI base = app.baseUri();
            assertThat(
                            post(
                                    base,
                                    "/api/v1/rules",
                                    "application/json",
                                    "{\"name\":\"checkout-p95\",\"metric\":\"latency.p95\",\"service\":\"checkout\",\"minSamples\":50,"
                                        + "\"evaluateEvery\":\"1m\",\"notify\":[\"oncall\"],\"labels\":{\"team\":\"payments\"},"
                                        + "\"condition\":{\"type\":\"threshold\",\"above\":\"300ms\",\"window\":\"1m\",\"for\":\"1m\",\"recoverBelow\":\"250ms\"}}"))
                    .isEqualTo(201);
            // The evaluator has taken the rule on once its first evaluation (no data yet) is
            // recorded.
            await(base, "/api/v1/alerts", a -> a.path("metric").asText().equals("data.absent"));

            assertThat(
                            post(
                                    base,
                                    "/api/v1/ingest/deploys",
                                    "application/json",
                                    "{\"service\":\"checkout\",\"version\":\"2026.12.1\",\"at\":\""
                                            + deployAt
                                            + "\"}"))
                    .isEqualTo(202);
            assertThat(
                            post(
                                    base,
                                    "/api/v1/ingest/requests",
                                    "application/x-ndjson",
                                    minutes(List.of(bad1, bad2), 600) + tick(bad2.plusSeconds(66))))
                    .isEqualTo(202);

            JsonNode firing =
                    await(
                            base,
                            "/api/v1/alerts?state=firing",
                            a -> a.path("metric").asText().equals("latency.p95"));
            assertThat(firing.get("rule").asText()).isEqualTo("checkout-p95");
            assertThat(firing.get("startsAt").asText()).isEqualTo(bad2.toString());
            assertThat(firing.get("threshold").asText()).isEqualTo("300");
            assertThat(Double.parseDouble(firing.get("value").asText()))
                    .isBetween(594.0, 606.0); // 600 ± 1 %
            assertThat(firing.get("labels").get("team").asText()).isEqualTo("payments");
            assertThat(firing.get("suspectDeploys")).hasSize(1);
            assertThat(firing.get("suspectDeploys").get(0).get("version").asText())
                    .isEqualTo("2026.12.1");
            assertThat(firing.get("suspectDeploys").get(0).get("at").asText())
                    .isEqualTo(deployAt.toString());

            assertThat(
                            post(
                                    base,
                                    "/api/v1/ingest/requests",
                                    "application/x-ndjson",
                                    minutes(List.of(good), 100) + tick(good.plusSeconds(66))))
                    .isEqualTo(202);
            String id = firing.get("id").asText();
            await(base, "/api/v1/alerts?state=resolved", a -> a.path("id").asText().equals(id));

            JsonNode alert = get(base, "/api/v1/alerts/" + id);
            List<String> transitions = new ArrayList<>();
            for (JsonNode t : alert.get("transitions")) {
                transitions.add(t.get("at").asText() + " " + t.get("state").asText());
            }
            assertThat(transitions)
                    .containsExactly(
                            bad2 + " pending",
                            m.minusSeconds(4 * 60) + " firing",
                            m.minusSeconds(60) + " resolved");
            assertThat(alert.get("endsAt").asText()).isEqualTo(m.minusSeconds(60).toString());
        }
    }

    /** 100 requests in each minute, spaced 500 ms, all lasting {@code ms}. */
    private static String minutes(List<Instant> minutes, double ms) {
        StringBuilder out = new StringBuilder();
        for (Instant minute : minutes) {
            for (int i = 0; i < 100; i++) {
                out.append("{\"service\":\"checkout\",\"operation\":\"POST /pay\",\"start\":")
                        .append(minute.toEpochMilli() + i * 500L)
                        .append(",\"durationMs\":")
                        .append(ms)
                        .append(",\"status\":200}\n");
            }
        }
        return out.toString();
    }

    /**
     * One request of another service at {@code at}: moves event time on, closes the minutes before.
     */
    private static String tick(Instant at) {
        return "{\"service\":\"clock\",\"operation\":\"GET /tick\",\"start\":"
                + at.toEpochMilli()
                + ",\"durationMs\":1,\"status\":200}\n";
    }

    private static int post(URI base, String path, String type, String body) throws Exception {
        return HTTP.send(
                        HttpRequest.newBuilder(base.resolve(path))
                                .header("Content-Type", type)
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    private static JsonNode get(URI base, String path) throws Exception {
        HttpResponse<String> r =
                HTTP.send(
                        HttpRequest.newBuilder(base.resolve(path)).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** Polls {@code path} until one of its alerts matches (a condition, not a timed wait). */
    private static JsonNode await(URI base, String path, Predicate<JsonNode> match)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = get(base, path);
            for (JsonNode a : last.get("alerts")) {
                if (match.test(a)) {
                    return a;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no matching alert at " + path + "; last answer: " + last);
    }

    private AppSettings settings() {
        return new AppSettings(
                "127.0.0.1",
                0,
                dir.resolve("app"),
                EnumSet.allOf(Role.class),
                Optional.of(kafka.bootstrapServers()),
                Optional.of(clickHouse.jdbcUrl("plimsoll")),
                0,
                0,
                false,
                Map.ofEntries(
                        Map.entry(TopicProvisioning.PARTITIONS, "1"),
                        Map.entry("plimsoll.security.mode", "open"),
                        Map.entry("plimsoll.streams.sink.batch-interval", "200ms"),
                        Map.entry("plimsoll.streams.grace", "5s"),
                        Map.entry("plimsoll.streams.max-clock-skew", "0s"),
                        Map.entry("plimsoll.streams.idle-close-after", "1s"),
                        Map.entry("plimsoll.alerts.poll-interval", "200ms"),
                        Map.entry("plimsoll.alerts.rules-refresh", "200ms"),
                        // Quiet minutes count as final only 10 minutes late: here the stored
                        // minutes drive the evaluations, as they do when traffic flows.
                        Map.entry("plimsoll.alerts.settle", "10m")));
    }
}
