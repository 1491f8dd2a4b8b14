package dev.plimsoll.app;

import dev.plimsoll.infra.clickhouse.LocalClickHouse;
import dev.plimsoll.infra.kafka.LocalKafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The acceptance of issue 12 end to end, one process with every role on the local engines: a
 * threshold rule fires on a degraded P95 and a local generic receiver gets exactly one signed
 * {@code firing}, then — once latency recovers — exactly one signed {@code resolved}, both with the
 * state change's id as {@code webhook-id}. The traffic and the rule are those of the alerts
 * module's end-to-end test (minutes M−6 and M−5 at 600 ms, M−2 at 100 ms; P95 above 300 ms for 1m,
 * recover below 250 ms). Runs once the {@code alerts} role (issue 11) is part of the build.
 */
class AlertNotificationsEndToEndTest {

    private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    record Received(Map<String, String> headers, String body) {}

    @TempDir Path dir;
    private LocalKafka kafka;
    private LocalClickHouse clickHouse;
    private HttpServer receiver;
    private final List<Received> received = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        assumeTrue(
                Arrays.stream(Role.values()).anyMatch(r -> r.id().equals("alerts")),
                "needs the alerts role (issue 11): the evaluator publishes the state changes");
        kafka = LocalKafka.start(dir.resolve("kafka"));
        clickHouse = LocalClickHouse.start(dir.resolve("clickhouse"));
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext(
                "/",
                ex -> {
                    Map<String, String> h = new HashMap<>();
                    ex.getRequestHeaders().forEach((k, v) -> h.put(k.toLowerCase(), v.get(0)));
                    String body =
                            new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                    synchronized (received) {
                        received.add(new Received(h, body));
                    }
                    ex.sendResponseHeaders(204, -1);
                    ex.close();
                });
        receiver.start();
    }

    @AfterEach
    void stop() {
        if (receiver != null) {
            receiver.stop(0);
        }
        if (clickHouse != null) {
            clickHouse.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aDegradedP95FiresOneSignedWebhookAndItsRecoveryOneResolved() throws Exception {
        Instant m = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Instant bad1 = m.minusSeconds(6 * 60);
        Instant bad2 = m.minusSeconds(5 * 60);
        Instant good = m.minusSeconds(2 * 60);

        try (PlimsollApp app = PlimsollApp.start(settings(), QUIET)) {
            URI base = app.baseUri();
            assertThat(
                            post(
                                    base,
                                    "/api/v1/contact-points",
                                    "application/json",
                                    "{\"name\":\"oncall\",\"type\":\"webhook\",\"url\":\"http://127.0.0.1:"
                                            + receiver.getAddress().getPort()
                                            + "/plimsoll\",\"secret\":\""
                                            + SECRET
                                            + "\"}"))
                    .isEqualTo(201);
            assertThat(
                            post(
                                    base,
                                    "/api/v1/rules",
                                    "application/json",
                                    "{\"name\":\"checkout-p95\",\"metric\":\"latency.p95\",\"service\":\"checkout\",\"minSamples\":50,"
                                        + "\"evaluateEvery\":\"1m\",\"notify\":[\"oncall\"],\"labels\":{\"team\":\"payments\"},"
                                        + "\"condition\":{\"type\":\"threshold\",\"above\":\"300ms\",\"window\":\"1m\",\"for\":\"1m\",\"recoverBelow\":\"250ms\"}}"))
                    .isEqualTo(201);
            assertThat(
                            post(
                                    base,
                                    "/api/v1/ingest/requests",
                                    "application/x-ndjson",
                                    minutes(List.of(bad1, bad2), 600)))
                    .isEqualTo(202);

            Received firing = await("firing");
            assertThat(signatureValid(firing)).isTrue();
            JsonNode f = JSON.readTree(firing.body());
            assertThat(f.path("alert").path("rule").asText()).isEqualTo("checkout-p95");
            assertThat(f.path("alert").path("threshold").asText()).isEqualTo("300");
            assertThat(f.path("alert").path("startsAt").asText()).isEqualTo(bad2.toString());
            assertThat(firing.headers().get("webhook-id"))
                    .isEqualTo(f.path("alert").path("eventId").asText());

            assertThat(
                            post(
                                    base,
                                    "/api/v1/ingest/requests",
                                    "application/x-ndjson",
                                    minutes(List.of(good), 100)))
                    .isEqualTo(202);
            Received resolved = await("resolved");
            assertThat(signatureValid(resolved)).isTrue();
            JsonNode r = JSON.readTree(resolved.body());
            assertThat(r.path("alert").path("id").asText())
                    .isEqualTo(f.path("alert").path("id").asText());
            assertThat(r.path("alert").path("endsAt").asText())
                    .isEqualTo(m.minusSeconds(60).toString());
            assertThat(latencyMessages())
                    .extracting(x -> JSON.readTree(x.body()).path("status").asText())
                    .containsExactly("firing", "resolved");
            assertThat(latencyMessages())
                    .extracting(x -> x.headers().get("webhook-id"))
                    .doesNotHaveDuplicates();
        }
    }

    /** The messages about the P95 alert (not the evaluator's no-data meta-alert). */
    private List<Received> latencyMessages() throws Exception {
        List<Received> out = new ArrayList<>();
        synchronized (received) {
            for (Received x : received) {
                if (JSON.readTree(x.body())
                        .path("alert")
                        .path("metric")
                        .asText()
                        .equals("latency.p95")) {
                    out.add(x);
                }
            }
        }
        return out;
    }

    /** Waits (a condition, bounded) for the P95 alert's message of {@code status}. */
    private Received await(String status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            for (Received x : latencyMessages()) {
                if (JSON.readTree(x.body()).path("status").asText().equals(status)) {
                    return x;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no " + status + " message; received " + received);
    }

    /** The receiver's own Standard Webhooks check (HMAC-SHA256 over id.timestamp.body). */
    private static boolean signatureValid(Received r) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring(6)), "HmacSHA256"));
        String content =
                r.headers().get("webhook-id")
                        + "."
                        + r.headers().get("webhook-timestamp")
                        + "."
                        + r.body();
        String expected =
                "v1,"
                        + Base64.getEncoder()
                                .encodeToString(
                                        mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
        return Arrays.asList(r.headers().get("webhook-signature").split(" ")).contains(expected);
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

    private static int post(URI base, String path, String type, String body) throws Exception {
        return HTTP.send(
                        HttpRequest.newBuilder(base.resolve(path))
                                .header("Content-Type", type)
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .statusCode();
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
                        Map.entry("plimsoll.notify.allow-hosts", "127.0.0.1/32"),
                        Map.entry("plimsoll.streams.sink.batch-interval", "200ms"),
                        Map.entry("plimsoll.streams.grace", "5s"),
                        Map.entry("plimsoll.streams.max-clock-skew", "0s"),
                        Map.entry("plimsoll.streams.idle-close-after", "1s"),
                        Map.entry("plimsoll.alerts.poll-interval", "200ms"),
                        Map.entry("plimsoll.alerts.rules-refresh", "200ms"),
                        Map.entry("plimsoll.alerts.settle", "10m")));
    }
}
