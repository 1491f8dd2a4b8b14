package dev.plimsoll.notify.it;

import dev.plimsoll.core.alert.event.AlertEvent;
import dev.plimsoll.notify.support.Events;
import dev.plimsoll.notify.support.NotifyServer;
import dev.plimsoll.notify.support.Receiver;
import dev.plimsoll.notify.support.Verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Retries, Retry-After, dead letters and the per-target limit, through the real pipeline (shared
 * server: 4 attempts, backoff 100 ms doubling to 300 ms, no jitter, 2 requests per contact point).
 */
class RetryAcceptanceTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final NotifyServer server = NotifyServer.shared();
    private final List<Receiver> receivers = new ArrayList<>();

    @AfterEach
    void stop() {
        receivers.forEach(Receiver::close);
    }

    private Receiver receiver() {
        Receiver r = new Receiver();
        receivers.add(r);
        return r;
    }

    private void webhook(String name, String url) {
        server.createContactPoint(
                "{\"name\":\""
                        + name
                        + "\",\"type\":\"webhook\",\"url\":\""
                        + url
                        + "\",\"secret\":\""
                        + SECRET
                        + "\"}");
    }

    /** The deliveries of a contact point as the API lists them, once {@code done} holds. */
    private List<JsonNode> deliveries(String cp, Predicate<List<JsonNode>> done) {
        List<List<JsonNode>> last = new ArrayList<>();
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> {
                            List<JsonNode> list = new ArrayList<>();
                            JSON.readTree(
                                            server.call(
                                                            "GET",
                                                            "/api/v1/deliveries?contactPoint=" + cp,
                                                            null,
                                                            NotifyServer.READER)
                                                    .body())
                                    .path("deliveries")
                                    .forEach(list::add);
                            last.clear();
                            last.add(list);
                            return done.test(list);
                        });
        return last.get(0);
    }

    private static Predicate<List<JsonNode>> all(int n, String status) {
        return l ->
                l.size() == n && l.stream().allMatch(d -> d.path("status").asText().equals(status));
    }

    @Test
    void twoServerErrorsThenOkIsDeliveredOnceAfterThreeAttempts() {
        Receiver r = receiver();
        r.answer(
                Receiver.Answer.status(500),
                Receiver.Answer.status(500),
                Receiver.Answer.status(200));
        webhook("flaky", r.url("/hook"));
        AlertEvent e = Events.firing("flaky-1", "r", "checkout", List.of("flaky"));
        server.publish(e);

        JsonNode d = deliveries("flaky", all(1, "delivered")).get(0);
        assertThat(d.path("attempts").asInt()).isEqualTo(3);
        assertThat(d.path("responseCode").asInt()).isEqualTo(200);
        assertThat(d.path("lastError").asText()).isEqualTo("HTTP 500");
        assertThat(d.path("notificationId").asText()).isEqualTo(e.eventId());
        List<Receiver.Request> got = r.requests();
        assertThat(got).hasSize(3);
        assertThat(got).extracting(q -> q.header("webhook-id")).containsOnly(e.eventId());
        assertThat(got).allMatch(q -> Verify.standardWebhook(q, SECRET, Instant.now()));
        // Backoff 100 ms then 200 ms (no jitter).
        assertThat(Duration.between(got.get(0).at(), got.get(1).at()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(100));
        assertThat(Duration.between(got.get(1).at(), got.get(2).at()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void tooManyRequestsWithRetryAfterTwoSecondsIsHonoured() {
        Receiver r = receiver();
        r.answer(
                Receiver.Answer.status(429).header("Retry-After", "2"),
                Receiver.Answer.status(200));
        webhook("limited", r.url("/hook"));
        server.publish(Events.firing("limited-1", "r", "checkout", List.of("limited")));

        JsonNode d = deliveries("limited", all(1, "delivered")).get(0);
        assertThat(d.path("attempts").asInt()).isEqualTo(2);
        List<Receiver.Request> got = r.requests();
        assertThat(got).hasSize(2);
        Duration gap = Duration.between(got.get(0).at(), got.get(1).at());
        assertThat(gap)
                .isGreaterThanOrEqualTo(Duration.ofSeconds(2))
                .isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aReceiverDownPastTheAttemptLimitIsDeadLetteredAndVisible() throws Exception {
        int port;
        try (Receiver gone = new Receiver()) {
            port = gone.port();
        }
        webhook("down", "http://127.0.0.1:" + port + "/hook");
        server.publish(Events.firing("down-1", "r", "checkout", List.of("down")));

        JsonNode d = deliveries("down", all(1, "dead")).get(0);
        assertThat(d.path("attempts").asInt()).isEqualTo(4);
        assertThat(d.path("lastError").asText())
                .startsWith("gave up after 4 attempts: cannot connect to 127.0.0.1:" + port);
        assertThat(d.path("responseCode").isNull()).isTrue();
        JsonNode dead =
                JSON.readTree(
                        server.call(
                                        "GET",
                                        "/api/v1/deliveries?status=dead&contactPoint=down",
                                        null,
                                        NotifyServer.READER)
                                .body());
        assertThat(dead.path("deliveries").size()).isEqualTo(1);
        JsonNode one =
                JSON.readTree(
                        server.call(
                                        "GET",
                                        "/api/v1/deliveries/" + d.path("id").asText(),
                                        null,
                                        NotifyServer.READER)
                                .body());
        assertThat(one.path("status").asText()).isEqualTo("dead");
        assertThat(one.path("alerts").get(0).path("alertId").asText()).isEqualTo("down-1");
    }

    @Test
    void anOperatorRetriesADeadDeliveryWithTheSameWebhookId() {
        Receiver r = receiver();
        r.otherwise(Receiver.Answer.status(503));
        webhook("redrive", r.url("/hook"));
        AlertEvent e = Events.firing("redrive-1", "r", "checkout", List.of("redrive"));
        server.publish(e);
        JsonNode dead = deliveries("redrive", all(1, "dead")).get(0);
        assertThat(dead.path("attempts").asInt()).isEqualTo(4);
        String path = "/api/v1/deliveries/" + dead.path("id").asText() + "/retry";

        r.otherwise(Receiver.Answer.status(200));
        assertThat(server.call("POST", path, null, NotifyServer.READER).statusCode())
                .isEqualTo(403);
        var accepted = server.call("POST", path, null, NotifyServer.ADMIN);
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(read(accepted.body()).path("status").asText()).isEqualTo("pending");
        assertThat(read(accepted.body()).path("retries").asInt()).isEqualTo(1);

        JsonNode delivered = deliveries("redrive", all(1, "delivered")).get(0);
        assertThat(delivered.path("attempts").asInt()).isEqualTo(1);
        assertThat(delivered.path("retries").asInt()).isEqualTo(1);
        List<Receiver.Request> got = r.requests();
        assertThat(got).hasSize(5);
        assertThat(got).extracting(q -> q.header("webhook-id")).containsOnly(e.eventId());
        assertThat(got).allMatch(q -> Verify.standardWebhook(q, SECRET, Instant.now()));

        var again = server.call("POST", path, null, NotifyServer.ADMIN);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(read(again.body()).path("type").asText())
                .isEqualTo("urn:plimsoll:problem:delivery-not-dead");
    }

    @Test
    void aRefusalIsFinalAfterOneAttempt() {
        Receiver r = receiver();
        r.otherwise(Receiver.Answer.status(400, "bad payload"));
        webhook("refuses", r.url("/hook"));
        server.publish(Events.firing("refuses-1", "r", "checkout", List.of("refuses")));
        JsonNode d = deliveries("refuses", all(1, "dead")).get(0);
        assertThat(d.path("attempts").asInt()).isEqualTo(1);
        assertThat(d.path("responseCode").asInt()).isEqualTo(400);
        assertThat(d.path("lastError").asText()).isEqualTo("HTTP 400: bad payload");
        assertThat(r.requests()).hasSize(1);
    }

    @Test
    void anUnknownContactPointIsDeadLetteredByName() {
        server.publish(Events.firing("ghost-1", "r", "checkout", List.of("ghost")));
        JsonNode d = deliveries("ghost", all(1, "dead")).get(0);
        assertThat(d.path("lastError").asText()).isEqualTo("contact point 'ghost' does not exist");
        assertThat(d.path("attempts").asInt()).isZero();
    }

    @Test
    void oneSlowReceiverDoesNotHoldTheOthers() {
        CountDownLatch release = new CountDownLatch(1);
        Receiver slow = receiver();
        slow.otherwise(Receiver.Answer.status(200).heldUntil(release));
        Receiver fast = receiver();
        webhook("slow", slow.url("/hook"));
        webhook("fast", fast.url("/hook"));
        for (int i = 0; i < 4; i++) {
            server.publish(Events.firing("slow-" + i, "r", "checkout", List.of("slow")));
        }
        server.publish(Events.firing("fast-1", "r", "checkout", List.of("fast")));
        try {
            fast.await(1, WAIT);
            slow.await(2, WAIT);
            // All four are taken from the outbox, two are held at the receiver, two wait their
            // turn.
            deliveries("slow", l -> l.size() == 4);
            deliveries("fast", all(1, "delivered"));
            assertThat(slow.requests()).hasSize(2);
        } finally {
            release.countDown();
        }
        deliveries("slow", all(4, "delivered"));
        assertThat(slow.requests()).hasSize(4);
    }

    static JsonNode read(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
