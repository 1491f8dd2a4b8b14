package dev.plimsoll.ingest.security;

import dev.plimsoll.core.telemetry.TelemetryTopics;
import dev.plimsoll.ingest.Http;
import dev.plimsoll.ingest.OtlpBodies;
import dev.plimsoll.ingest.TestKafka;
import dev.plimsoll.ingest.TestKeys;
import dev.plimsoll.ingest.TopicReader;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * API keys on every ingest route: 401 without or with an unknown key, 403 without scope {@code
 * ingest}, 2xx with {@code ingest} or {@code admin}. Problems on {@code /api/v1/ingest/**}, a
 * {@code google.rpc.Status} in the request's encoding on {@code /v1/traces}.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestKeyFilterTest implements TestPropertyProvider {

    private static final String HOW_TO =
            " Send a key with scope 'ingest' as 'Authorization: Bearer <key>' or 'X-API-Key:"
                    + " <key>'.";

    @Inject EmbeddedServer server;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Override
    public Map<String, String> getProperties() {
        return Map.of(
                "plimsoll.kafka.bootstrap-servers", TestKafka.bootstrapServers(),
                "plimsoll.security.keys", TestKeys.config());
    }

    private HttpResponse<byte[]> post(IngestRoute route, byte[] body, String... headers) {
        return Http.postBytes(server.getURI(), route.path, route.contentType, body, headers);
    }

    /** The status and message of a refusal, from a problem or an OTLP Status. */
    private static OtlpBodies.Status refusal(IngestRoute route, HttpResponse<byte[]> r) {
        String contentType = r.headers().firstValue("Content-Type").orElse("");
        if (!route.otlp()) {
            assertThat(contentType).isEqualTo("application/problem+json");
            JsonNode problem = Http.json(r.body());
            assertThat(problem.get("status").asInt()).isEqualTo(r.statusCode());
            assertThat(problem.get("instance").asText()).isEqualTo(route.path);
            return new OtlpBodies.Status(
                    -1, problem.get("type").asText() + " " + problem.get("detail").asText());
        }
        // OTLP: the Status in the request's encoding
        assertThat(contentType).isEqualTo(route.contentType);
        if (route.contentType.equals("application/json")) {
            JsonNode status = Http.json(r.body());
            return new OtlpBodies.Status(
                    status.get("code").asInt(), status.get("message").asText());
        }
        return OtlpBodies.status(r.body());
    }

    @ParameterizedTest
    @EnumSource(IngestRoute.class)
    void noKeyIsUnauthenticated(IngestRoute route) {
        HttpResponse<byte[]> r = post(route, route.body("nokey-" + run));

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate"))
                .contains("Bearer realm=\"plimsoll\"");
        assertThat(refusal(route, r))
                .isEqualTo(
                        route.otlp()
                                ? new OtlpBodies.Status(16, "No API key was presented." + HOW_TO)
                                : new OtlpBodies.Status(
                                        -1,
                                        "urn:plimsoll:problem:unauthenticated No API key was"
                                                + " presented."
                                                + HOW_TO));
    }

    @ParameterizedTest
    @EnumSource(IngestRoute.class)
    void unknownKeyIsUnauthenticatedAndNotEchoed(IngestRoute route) {
        HttpResponse<byte[]> r =
                post(route, route.body("badkey-" + run), "Authorization", "Bearer plk_not-a-key");

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate"))
                .contains("Bearer realm=\"plimsoll\"");
        assertThat(refusal(route, r).message()).contains("The API key is not valid." + HOW_TO);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).doesNotContain("plk_not-a-key");
    }

    @ParameterizedTest
    @EnumSource(IngestRoute.class)
    void readOnlyKeyIsForbidden(IngestRoute route) {
        HttpResponse<byte[]> r =
                post(
                        route,
                        route.body("reader-" + run),
                        "Authorization",
                        "Bearer " + TestKeys.READER);

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("WWW-Authenticate")).isEmpty();
        assertThat(refusal(route, r))
                .isEqualTo(
                        route.otlp()
                                ? new OtlpBodies.Status(
                                        7, "API key 'reader' lacks scope 'ingest' (it has: read).")
                                : new OtlpBodies.Status(
                                        -1,
                                        "urn:plimsoll:problem:insufficient-scope API key 'reader'"
                                                + " lacks scope 'ingest' (it has: read)."));
    }

    @ParameterizedTest
    @EnumSource(IngestRoute.class)
    void ingestKeyIsAcceptedAndTheRecordIsInKafka(IngestRoute route) {
        String service = "ingester-" + route.name().toLowerCase() + "-" + run;
        try (TopicReader topic = TopicReader.fromEnd(TestKafka.bootstrapServers(), route.topic)) {
            HttpResponse<byte[]> r =
                    post(
                            route,
                            route.body(service),
                            "Authorization",
                            "Bearer " + TestKeys.INGESTER);

            assertThat(r.statusCode()).isEqualTo(route.success());
            assertSuccessBody(route, r);
            assertThat(keys(topic.readNew()))
                    .containsOnlyOnce(route.key(service))
                    .containsOnly(route.key(service));
        }
    }

    @ParameterizedTest
    @EnumSource(IngestRoute.class)
    void adminKeyCoversIngestInTheApiKeyHeader(IngestRoute route) {
        HttpResponse<byte[]> r =
                post(route, route.body("admin-" + run), "X-API-Key", TestKeys.ADMIN);

        assertThat(r.statusCode()).isEqualTo(route.success());
        assertSuccessBody(route, r);
    }

    @Test
    void refusedRequestsWriteNothing() {
        String service = "refused-" + run;
        List<TopicReader> readers = new ArrayList<>();
        try {
            for (String topic : TelemetryTopics.ALL) {
                readers.add(TopicReader.fromEnd(TestKafka.bootstrapServers(), topic));
            }
            for (IngestRoute route : IngestRoute.values()) {
                assertThat(post(route, route.body(service)).statusCode()).isEqualTo(401);
                assertThat(
                                post(route, route.body(service), "X-API-Key", TestKeys.READER)
                                        .statusCode())
                        .isEqualTo(403);
            }
            for (TopicReader reader : readers) {
                assertThat(reader.readNew())
                        .noneMatch(
                                c ->
                                        new String(c.value(), StandardCharsets.UTF_8)
                                                .contains(service));
            }
        } finally {
            readers.forEach(TopicReader::close);
        }
    }

    @Test
    void theKeyIsCheckedBeforeTheBody() {
        HttpResponse<byte[]> r =
                post(IngestRoute.REQUESTS, "[{not json".getBytes(StandardCharsets.UTF_8));

        assertThat(r.statusCode()).isEqualTo(401);
    }

    @Test
    void unknownIngestRoutesNeedAKeyToo() {
        byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
        assertThat(
                        Http.postBytes(
                                        server.getURI(),
                                        "/api/v1/ingest/nope",
                                        "application/json",
                                        body)
                                .statusCode())
                .isEqualTo(401);
        assertThat(
                        Http.postBytes(
                                        server.getURI(),
                                        "/api/v1/ingest/nope",
                                        "application/json",
                                        body,
                                        "X-API-Key",
                                        TestKeys.INGESTER)
                                .statusCode())
                .isEqualTo(404);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {
                "/v1/traces/",
                "/v1//traces",
                "/api/v1/ingest/requests/",
                "/api/v1//ingest/requests",
                "/api/v1/ingest//requests",
                "/api/v1/ingest/./requests",
                "/api/v1/x/../ingest/requests"
            })
    void pathVariantsDoNotGetPastTheFilter(String path) {
        // Either the filter answers (401) or no route matches (404): never a 2xx without a key.
        HttpResponse<byte[]> r =
                Http.postBytes(
                        server.getURI(),
                        path,
                        "application/json",
                        IngestRoute.REQUESTS.body("variant-" + run));

        assertThat(r.statusCode()).isIn(401, 404);
    }

    @Test
    void healthNeedsNoKey() {
        HttpResponse<String> r =
                java.net.http.HttpClient.newHttpClient()
                        .sendAsync(
                                java.net.http.HttpRequest.newBuilder(
                                                server.getURI().resolve("/health/liveness"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .join();
        assertThat(r.statusCode()).isEqualTo(200);
    }

    private static void assertSuccessBody(IngestRoute route, HttpResponse<byte[]> r) {
        String body = new String(r.body(), StandardCharsets.UTF_8);
        if (!route.otlp()) {
            assertThat(body).isEqualTo("{\"accepted\":1,\"rejected\":[]}");
        } else if (route.contentType.equals("application/json")) {
            assertThat(body).isEqualTo("{}");
        } else {
            try {
                assertThat(ExportTraceServiceResponse.parseFrom(r.body()).hasPartialSuccess())
                        .isFalse();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    private static List<String> keys(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(c -> new String(c.key(), StandardCharsets.UTF_8)).toList();
    }
}
