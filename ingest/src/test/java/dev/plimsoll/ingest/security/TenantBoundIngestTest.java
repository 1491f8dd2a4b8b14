package dev.plimsoll.ingest.security;

import dev.plimsoll.core.telemetry.DeadLetter;
import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.core.telemetry.TelemetryTopics;
import dev.plimsoll.ingest.Http;
import dev.plimsoll.ingest.Records;
import dev.plimsoll.ingest.TestKafka;
import dev.plimsoll.ingest.TestKeys;
import dev.plimsoll.ingest.TopicReader;
import dev.plimsoll.ingest.otlp.OtlpTracesTest;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.Span;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A key bound to tenant {@code acme} ({@link TestKeys#ACME}) sends acme's request events only:
 * events without tenant are stamped, events of another tenant are rejected per record and
 * dead-lettered; costs and deploys (no tenant) are refused. What lands in Kafka is checked exactly.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantBoundIngestTest implements TestPropertyProvider {

    private static final String WRONG_TENANT =
            "tenant: must be 'acme' (API key 'acme-ingest' is bound to it), was 'globex'";

    @Inject EmbeddedServer server;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final long startMs = System.currentTimeMillis() - 60_000;

    @Override
    public Map<String, String> getProperties() {
        return Map.of(
                "plimsoll.kafka.bootstrap-servers", TestKafka.bootstrapServers(),
                "plimsoll.security.keys", TestKeys.config());
    }

    private String event(String service, String operation, String tenantField, double duration) {
        return "{\"service\":\""
                + service
                + "\",\"operation\":\""
                + operation
                + "\",\"start\":"
                + startMs
                + ",\"durationMs\":"
                + duration
                + tenantField
                + "}";
    }

    private RequestEvent expected(String service, String operation, String tenant) {
        return new RequestEvent(
                service,
                operation,
                startMs * 1000,
                1.0,
                RequestEvent.NO_STATUS,
                false,
                null,
                tenant);
    }

    @Test
    void eventsAreStampedOrRejectedPerRecordAndOnlyAcmesReachKafka() {
        String service = "tenant-json-" + run;
        String wrongTenant = event(service, "GET /c", ",\"tenant\":\"globex\"", 1);
        String invalidAndWrongTenant = event(service, "GET /d", ",\"tenant\":\"globex\"", -1);
        String body =
                "["
                        + event(service, "GET /a", "", 1)
                        + ","
                        + event(service, "GET /b", ",\"tenant\":\"acme\"", 1)
                        + ","
                        + wrongTenant
                        + ","
                        + invalidAndWrongTenant
                        + ","
                        + event(service, "GET /e", ",\"tenant\":\"\"", 1)
                        + "]";
        try (TopicReader requests =
                        TopicReader.fromEnd(
                                TestKafka.bootstrapServers(), TelemetryTopics.REQUESTS);
                TopicReader dead =
                        TopicReader.fromEnd(
                                TestKafka.bootstrapServers(), TelemetryTopics.DEAD_LETTERS)) {
            HttpResponse<byte[]> r =
                    Http.postBytes(
                            server.getURI(),
                            "/api/v1/ingest/requests",
                            "application/json",
                            body.getBytes(StandardCharsets.UTF_8),
                            "Authorization",
                            "Bearer " + TestKeys.ACME);

            assertThat(r.statusCode()).isEqualTo(202);
            // Validation comes first: record 3 is rejected for its duration, not its tenant.
            assertThat(new String(r.body(), StandardCharsets.UTF_8))
                    .isEqualTo(
                            "{\"accepted\":3,\"rejected\":["
                                    + "{\"index\":2,\"field\":\"tenant\",\"error\":\""
                                    + WRONG_TENANT
                                    + "\"},"
                                    + "{\"index\":3,\"field\":\"durationMs\",\"error\":"
                                    + "\"durationMs: must be >= 0, was -1.0\"}]}");
            assertThat(events(requests.readNew(), service))
                    .containsExactlyInAnyOrder(
                            expected(service, "GET /a", "acme"),
                            expected(service, "GET /b", "acme"),
                            expected(service, "GET /e", "acme"));
            assertThat(deadLetters(dead.readNew(), service))
                    .extracting(
                            DeadLetter::topic,
                            DeadLetter::source,
                            DeadLetter::index,
                            DeadLetter::field,
                            DeadLetter::error,
                            DeadLetter::raw)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple(
                                    TelemetryTopics.REQUESTS,
                                    "POST /api/v1/ingest/requests",
                                    2,
                                    "tenant",
                                    WRONG_TENANT,
                                    wrongTenant),
                            org.assertj.core.groups.Tuple.tuple(
                                    TelemetryTopics.REQUESTS,
                                    "POST /api/v1/ingest/requests",
                                    3,
                                    "durationMs",
                                    "durationMs: must be >= 0, was -1.0",
                                    invalidAndWrongTenant));
        }
    }

    @Test
    void otlpSpansAreStampedOrRejectedAtTheirIndex() throws Exception {
        String service = "tenant-otlp-" + run;
        long t0 = startMs * 1_000_000;
        byte[] export =
                OtlpTracesTest.request(
                                service,
                                OtlpTracesTest.span(
                                                Span.SpanKind.SPAN_KIND_SERVER,
                                                "GET /a",
                                                t0,
                                                t0 + 1_000_000)
                                        .build(),
                                OtlpTracesTest.span(
                                                Span.SpanKind.SPAN_KIND_CLIENT,
                                                "SELECT",
                                                t0,
                                                t0 + 1)
                                        .build(),
                                OtlpTracesTest.span(
                                                Span.SpanKind.SPAN_KIND_SERVER,
                                                "GET /b",
                                                t0,
                                                t0 + 1_000_000)
                                        .addAttributes(OtlpTracesTest.str("tenant.id", "globex"))
                                        // a span's JSON does not name its service: mark it
                                        .addAttributes(OtlpTracesTest.str("enduser.id", service))
                                        .build())
                        .toByteArray();
        try (TopicReader requests =
                        TopicReader.fromEnd(
                                TestKafka.bootstrapServers(), TelemetryTopics.REQUESTS);
                TopicReader dead =
                        TopicReader.fromEnd(
                                TestKafka.bootstrapServers(), TelemetryTopics.DEAD_LETTERS)) {
            HttpResponse<byte[]> r =
                    Http.postBytes(
                            server.getURI(),
                            "/v1/traces",
                            "application/x-protobuf",
                            export,
                            "X-API-Key",
                            TestKeys.ACME);

            assertThat(r.statusCode()).isEqualTo(200);
            ExportTraceServiceResponse response = ExportTraceServiceResponse.parseFrom(r.body());
            assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
            assertThat(response.getPartialSuccess().getErrorMessage())
                    .isEqualTo("span 2: " + WRONG_TENANT);
            assertThat(events(requests.readNew(), service))
                    .containsExactly(expected(service, "GET /a", "acme"));
            List<DeadLetter> letters = deadLetters(dead.readNew(), service);
            assertThat(letters)
                    .extracting(DeadLetter::source, DeadLetter::index, DeadLetter::error)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(
                                    "POST /v1/traces", 2, WRONG_TENANT));
            assertThat(letters.get(0).raw())
                    .contains("\"name\":\"GET /b\"")
                    .contains("\"stringValue\":\"globex\"");
        }
    }

    @Test
    void anUnboundKeySendsOtherTenantsAsTheyAre() {
        String service = "tenant-unbound-" + run;
        try (TopicReader requests =
                TopicReader.fromEnd(TestKafka.bootstrapServers(), TelemetryTopics.REQUESTS)) {
            HttpResponse<byte[]> r =
                    Http.postBytes(
                            server.getURI(),
                            "/api/v1/ingest/requests",
                            "application/x-ndjson",
                            (event(service, "GET /a", ",\"tenant\":\"globex\"", 1)
                                            + "\n"
                                            + event(service, "GET /b", "", 1))
                                    .getBytes(StandardCharsets.UTF_8),
                            "X-API-Key",
                            TestKeys.INGESTER);

            assertThat(r.statusCode()).isEqualTo(202);
            assertThat(events(requests.readNew(), service))
                    .containsExactlyInAnyOrder(
                            expected(service, "GET /a", "globex"),
                            expected(service, "GET /b", null));
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = IngestRoute.class,
            names = {"COSTS", "COSTS_CSV", "DEPLOYS"})
    void costsAndDeploysCarryNoTenantSoABoundKeyIsForbidden(IngestRoute route) {
        String service = "tenant-" + route.name().toLowerCase() + "-" + run;
        try (TopicReader topic = TopicReader.fromEnd(TestKafka.bootstrapServers(), route.topic)) {
            HttpResponse<byte[]> r =
                    Http.postBytes(
                            server.getURI(),
                            route.path,
                            route.contentType,
                            route.body(service),
                            "X-API-Key",
                            TestKeys.ACME);

            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
            JsonNode problem = Http.json(r.body());
            assertThat(problem.get("type").asText())
                    .isEqualTo("urn:plimsoll:problem:tenant-forbidden");
            String records = route == IngestRoute.DEPLOYS ? "deploy markers" : "cost records";
            assertThat(problem.get("detail").asText())
                    .isEqualTo(
                            "API key 'acme-ingest' is bound to tenant 'acme', but "
                                    + records
                                    + " carry no tenant and would count for every tenant: send"
                                    + " them with a key that is not bound to a tenant.");
            assertThat(topic.readNew())
                    .noneMatch(c -> new String(c.key(), StandardCharsets.UTF_8).equals(service));
        }
    }

    private static List<RequestEvent> events(
            List<ConsumerRecord<byte[], byte[]>> records, String service) {
        return Records.requestEvents(records, service);
    }

    private static List<DeadLetter> deadLetters(
            List<ConsumerRecord<byte[], byte[]>> records, String service) {
        return Records.deadLetters(records).stream()
                .filter(d -> d.raw().contains(service))
                .toList();
    }
}
