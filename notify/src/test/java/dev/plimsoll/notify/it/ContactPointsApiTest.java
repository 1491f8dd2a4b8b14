package dev.plimsoll.notify.it;

import dev.plimsoll.notify.support.AllLogs;
import dev.plimsoll.notify.support.Events;
import dev.plimsoll.notify.support.NotifyServer;
import dev.plimsoll.notify.support.Receiver;
import dev.plimsoll.notify.support.Verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code /api/v1/contact-points}: CRUD, validation, masking, scopes, test sends, and no leaks. */
class ContactPointsApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
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

    private HttpResponse<String> call(String method, String path, String body, String key) {
        return server.call(method, path, body, key);
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void anEmptyListIsAnEmptyArrayNotAMissingField() throws Exception {
        HttpResponse<String> r =
                call(
                        "GET",
                        "/api/v1/deliveries?contactPoint=never-created",
                        null,
                        NotifyServer.READER);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"deliveries\":[]}");
    }

    @Test
    void readingNeedsAKeyAndChangingNeedsAdmin() throws Exception {
        HttpResponse<String> none = call("GET", "/api/v1/contact-points", null, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(none.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(json(none).path("type").asText())
                .isEqualTo("urn:plimsoll:problem:unauthenticated");

        assertThat(call("GET", "/api/v1/contact-points", null, NotifyServer.READER).statusCode())
                .isEqualTo(200);
        assertThat(call("GET", "/api/v1/deliveries", null, NotifyServer.READER).statusCode())
                .isEqualTo(200);
        HttpResponse<String> denied =
                call(
                        "POST",
                        "/api/v1/contact-points",
                        "{\"name\":\"x\",\"type\":\"slack\",\"url\":\"https://hooks.slack.com/x\"}",
                        NotifyServer.READER);
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(json(denied).path("type").asText())
                .isEqualTo("urn:plimsoll:problem:insufficient-scope");
        assertThat(
                        call(
                                        "DELETE",
                                        "/api/v1/contact-points/from-file",
                                        null,
                                        NotifyServer.READER)
                                .statusCode())
                .isEqualTo(403);
        assertThat(
                        call(
                                        "POST",
                                        "/api/v1/contact-points/from-file/test",
                                        null,
                                        NotifyServer.READER)
                                .statusCode())
                .isEqualTo(403);
    }

    @Test
    void createReadReplaceDeleteWithMaskedUrlsAndSecrets() throws Exception {
        Receiver r = receiver();
        String url = r.url("/services/T9/B9/crud-token-8812");
        HttpResponse<String> created =
                call(
                        "POST",
                        "/api/v1/contact-points",
                        "{\"name\":\"crud\",\"type\":\"webhook\",\"url\":\"" + url + "\"}",
                        NotifyServer.ADMIN);
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode c = json(created);
        assertThat(c.path("url").asText()).isEqualTo("http://127.0.0.1:" + r.port() + "/…");
        assertThat(c.path("secret").asText()).isEqualTo("whsec_********");
        String generated = c.path("generatedSecret").asText();
        assertThat(generated).startsWith("whsec_");
        assertThat(created.body()).doesNotContain("crud-token-8812");

        HttpResponse<String> again =
                call(
                        "POST",
                        "/api/v1/contact-points",
                        "{\"name\":\"crud\",\"type\":\"webhook\",\"url\":\"" + url + "\"}",
                        NotifyServer.ADMIN);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again).path("type").asText())
                .isEqualTo("urn:plimsoll:problem:contact-point-exists");

        HttpResponse<String> one =
                call("GET", "/api/v1/contact-points/crud", null, NotifyServer.READER);
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(one.body())
                .doesNotContain("crud-token-8812")
                .doesNotContain(generated.substring(6));
        assertThat(json(one).has("generatedSecret")).isFalse();
        assertThat(json(one).path("origin").asText()).isEqualTo("api");

        JsonNode list = json(call("GET", "/api/v1/contact-points", null, NotifyServer.READER));
        List<String> names = new ArrayList<>();
        list.path("contactPoints").forEach(n -> names.add(n.path("name").asText()));
        assertThat(names).contains("crud", "from-file");
        assertThat(list.toString())
                .doesNotContain("crud-token-8812")
                .doesNotContain(NotifyServer.FILE_CP_TOKEN);

        // The generated secret signs test messages; the receiver checks it independently.
        HttpResponse<String> test =
                call("POST", "/api/v1/contact-points/crud/test", null, NotifyServer.ADMIN);
        assertThat(test.statusCode()).isEqualTo(200);
        assertThat(json(test).path("delivered").asBoolean()).isTrue();
        assertThat(json(test).path("responseCode").asInt()).isEqualTo(200);
        Receiver.Request got = r.await(1, Duration.ofSeconds(10)).get(0);
        assertThat(got.path()).isEqualTo("/services/T9/B9/crud-token-8812");
        assertThat(Verify.standardWebhook(got, generated, Instant.now())).isTrue();
        assertThat(got.header("webhook-id")).isEqualTo(json(test).path("notificationId").asText());
        assertThat(JSON.readTree(got.body()).path("test").asBoolean()).isTrue();
        JsonNode logged =
                json(
                        call(
                                "GET",
                                "/api/v1/deliveries/" + json(test).path("deliveryId").asText(),
                                null,
                                NotifyServer.READER));
        assertThat(logged.path("test").asBoolean()).isTrue();
        assertThat(logged.path("status").asText()).isEqualTo("delivered");

        // Replace without url or secret keeps both; sendResolved changes.
        HttpResponse<String> put =
                call(
                        "PUT",
                        "/api/v1/contact-points/crud",
                        "{\"type\":\"webhook\",\"sendResolved\":false}",
                        NotifyServer.ADMIN);
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(json(put).path("sendResolved").asBoolean()).isFalse();
        assertThat(
                        call("POST", "/api/v1/contact-points/crud/test", null, NotifyServer.ADMIN)
                                .statusCode())
                .isEqualTo(200);
        Receiver.Request second = r.await(2, Duration.ofSeconds(10)).get(1);
        assertThat(second.path()).isEqualTo("/services/T9/B9/crud-token-8812");
        assertThat(Verify.standardWebhook(second, generated, Instant.now())).isTrue();

        assertThat(
                        call("DELETE", "/api/v1/contact-points/crud", null, NotifyServer.ADMIN)
                                .statusCode())
                .isEqualTo(204);
        HttpResponse<String> gone =
                call("GET", "/api/v1/contact-points/crud", null, NotifyServer.READER);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(json(gone).path("type").asText())
                .isEqualTo("urn:plimsoll:problem:unknown-contact-point");
    }

    @Test
    void healthReportsTheNotifyRole() throws Exception {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> call("GET", "/health", null, null).statusCode() == 200);
        JsonNode notify = json(call("GET", "/health", null, null)).path("details").path("notify");
        assertThat(notify.path("status").asText()).isEqualTo("UP");
        assertThat(notify.path("details").path("grouping").asText()).isIn("RUNNING", "REBALANCING");
        assertThat(notify.path("details").path("sender").asText()).isEqualTo("running");
    }

    @Test
    void contactPointsOfTheFileAreReadOnly() throws Exception {
        JsonNode f =
                json(call("GET", "/api/v1/contact-points/from-file", null, NotifyServer.READER));
        assertThat(f.path("origin").asText()).isEqualTo("file");
        assertThat(f.path("url").asText())
                .isEqualTo("http://127.0.0.1:" + server.fileReceiver().port() + "/…");
        HttpResponse<String> put =
                call(
                        "PUT",
                        "/api/v1/contact-points/from-file",
                        "{\"type\":\"webhook\"}",
                        NotifyServer.ADMIN);
        assertThat(put.statusCode()).isEqualTo(409);
        assertThat(json(put).path("type").asText())
                .isEqualTo("urn:plimsoll:problem:read-only-contact-point");
        assertThat(
                        call("DELETE", "/api/v1/contact-points/from-file", null, NotifyServer.ADMIN)
                                .statusCode())
                .isEqualTo(409);
    }

    @Test
    void invalidContactPointsAreRefusedNamingEachField() throws Exception {
        HttpResponse<String> bad =
                call(
                        "POST",
                        "/api/v1/contact-points",
                        "{\"name\":\"no"
                            + " good\",\"type\":\"pager\",\"url\":\"ftp://x\",\"grouping\":{\"groupWait\":\"later\",\"groupBy\":\"rule\"}}",
                        NotifyServer.ADMIN);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode p = json(bad);
        assertThat(p.path("type").asText()).isEqualTo("urn:plimsoll:problem:invalid-contact-point");
        List<String> fields = new ArrayList<>();
        p.path("invalidParams").forEach(x -> fields.add(x.path("name").asText()));
        assertThat(fields).containsExactly("grouping.groupBy");

        JsonNode p2 =
                json(
                        call(
                                "POST",
                                "/api/v1/contact-points",
                                "{\"name\":\"no"
                                    + " good\",\"type\":\"pager\",\"url\":\"ftp://x\",\"grouping\":{\"groupWait\":\"later\"}}",
                                NotifyServer.ADMIN));
        fields.clear();
        p2.path("invalidParams").forEach(x -> fields.add(x.path("name").asText()));
        assertThat(fields).containsExactly("name", "type", "url", "grouping.groupWait");
        assertThat(p2.path("detail").asText()).contains("type unknown type 'pager'");

        JsonNode notJson =
                json(call("POST", "/api/v1/contact-points", "{\"name\":", NotifyServer.ADMIN));
        assertThat(notJson.path("invalidParams").get(0).path("name").asText()).isEqualTo("body");
    }

    @Test
    void privateAndMetadataUrlsAreRefusedAtCreationWithA400() throws Exception {
        for (String[] c :
                new String[][] {
                    {"https://10.0.0.1/hook", "10.0.0.1, a private address"},
                    {
                        "https://169.254.169.254/latest/meta-data",
                        "169.254.169.254, a cloud metadata address"
                    },
                    {"https://[::1]:8443/hook", "[::1], a loopback address"},
                    {"http://127.0.0.2:9/hook", "127.0.0.2, a loopback address"}
                }) {
            HttpResponse<String> r =
                    call(
                            "POST",
                            "/api/v1/contact-points",
                            "{\"name\":\"ssrf\",\"type\":\"webhook\",\"url\":\"" + c[0] + "\"}",
                            NotifyServer.ADMIN);
            assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
            JsonNode param = json(r).path("invalidParams").get(0);
            assertThat(param.path("name").asText()).isEqualTo("url");
            assertThat(param.path("reason").asText())
                    .isEqualTo(
                            "is refused: "
                                    + c[1]
                                    + "; notifications are not sent there unless it is listed in"
                                    + " plimsoll.notify.allow-hosts");
        }
    }

    @Test
    void aFailingTestSendIsA502NamingTheReceiversAnswer() throws Exception {
        Receiver r = receiver();
        r.otherwise(Receiver.Answer.status(500, "boom"));
        server.createContactPoint(
                "{\"name\":\"broken\",\"type\":\"slack\",\"url\":\""
                        + r.url("/services/broken-token-5")
                        + "\"}");
        HttpResponse<String> test =
                call("POST", "/api/v1/contact-points/broken/test", null, NotifyServer.ADMIN);
        assertThat(test.statusCode()).isEqualTo(502);
        JsonNode p = json(test);
        assertThat(p.path("type").asText()).isEqualTo("urn:plimsoll:problem:test-delivery-failed");
        assertThat(p.path("detail").asText()).isEqualTo("HTTP 500: boom");
        assertThat(p.path("responseCode").asInt()).isEqualTo(500);
        assertThat(JSON.readTree(r.requests().get(0).body()).path("text").asText())
                .isEqualTo("[TEST] [FIRING:1] plimsoll-test");
    }

    @Test
    void webhookUrlsAndSecretsNeverReachTheLog() throws Exception {
        String token = "leak-canary-token-31337";
        String secret = "whsec_bGVhay1jYW5hcnktc2VjcmV0LWtleS0wMTIzNDU2Nzg5";
        Receiver failing = receiver();
        failing.otherwise(Receiver.Answer.status(503, "down"));
        Receiver redirecting = receiver();
        redirecting.otherwise(
                Receiver.Answer.status(307).header("Location", "http://10.0.0.1/" + token));
        try (AllLogs logs = new AllLogs()) {
            server.createContactPoint(
                    "{\"name\":\"canary\",\"type\":\"webhook\",\"url\":\""
                            + failing.url("/h/" + token)
                            + "\",\"secret\":\""
                            + secret
                            + "\"}");
            server.createContactPoint(
                    "{\"name\":\"canary-chat\",\"type\":\"slack\",\"url\":\""
                            + redirecting.url("/s/" + token)
                            + "\",\"grouping\":{\"groupWait\":\"0s\",\"groupInterval\":\"1s\"}}");
            call(
                    "PUT",
                    "/api/v1/contact-points/canary",
                    "{\"type\":\"webhook\",\"url\":\""
                            + failing.url("/h2/" + token)
                            + "\",\"secret\":\""
                            + secret
                            + "\"}",
                    NotifyServer.ADMIN);
            call(
                    "POST",
                    "/api/v1/contact-points",
                    "{\"name\":\"canary-bad\",\"type\":\"webhook\",\"url\":\"https://10.0.0.1/"
                            + token
                            + "\",\"secret\":\""
                            + secret
                            + "x\"}",
                    NotifyServer.ADMIN);
            call("POST", "/api/v1/contact-points/canary/test", null, NotifyServer.ADMIN);
            call("POST", "/api/v1/contact-points/canary-chat/test", null, NotifyServer.ADMIN);
            server.publish(
                    Events.firing(
                            "canary-1", "canary", "checkout", List.of("canary", "canary-chat")));
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(
                            () ->
                                    JSON.readTree(
                                                            call(
                                                                            "GET",
                                                                            "/api/v1/deliveries?status=dead&alertId=canary-1",
                                                                            null,
                                                                            NotifyServer.READER)
                                                                    .body())
                                                    .path("deliveries")
                                                    .size()
                                            == 2);
            List<String> texts = logs.texts();
            assertThat(texts).isNotEmpty();
            assertThat(texts)
                    .noneMatch(
                            t ->
                                    t != null
                                            && (t.contains(token)
                                                    || t.contains(secret.substring(6))));
            assertThat(texts)
                    .anyMatch(
                            t ->
                                    t != null
                                            && t.contains("canary")
                                            && t.contains("dead-lettered after 4 attempts"));
        }
        String deliveries =
                call("GET", "/api/v1/deliveries?alertId=canary-1", null, NotifyServer.READER)
                        .body();
        assertThat(deliveries)
                .doesNotContain(token)
                .contains("redirect refused: 10.0.0.1, a private address");
    }
}
