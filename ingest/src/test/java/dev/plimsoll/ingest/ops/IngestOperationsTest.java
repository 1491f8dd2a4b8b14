package dev.plimsoll.ingest.ops;

import dev.plimsoll.core.telemetry.TelemetryTopics;
import dev.plimsoll.ingest.Http;
import dev.plimsoll.ingest.TestKafka;
import dev.plimsoll.ingest.TestKeys;
import dev.plimsoll.ingest.otlp.OtlpTracesTest;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.opentelemetry.proto.trace.v1.Span;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the real test broker: the Kafka readiness indicator is UP, and the ingest counters move by
 * exactly what known requests should make them move, in the registry and on {@code /prometheus}.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestOperationsTest implements TestPropertyProvider {

    static final String REQUESTS = "/api/v1/ingest/requests";

    @Inject EmbeddedServer server;
    @Inject MeterRegistry registry;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final long startMs = System.currentTimeMillis() - 60_000;

    @Override
    public Map<String, String> getProperties() {
        return Map.of(
                "plimsoll.kafka.bootstrap-servers", TestKafka.bootstrapServers(),
                "plimsoll.security.keys", TestKeys.config(),
                "endpoints.health.details-visible", "ANONYMOUS",
                "endpoints.prometheus.sensitive", "false",
                "micronaut.metrics.export.prometheus.enabled", "true");
    }

    @Test
    void readinessIsUpWithTheKafkaIndicator() {
        HttpResponse<byte[]> r = get(server.getURI(), "/health/readiness");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode kafka = Http.json(r.body()).at("/details/kafka");
        assertThat(kafka.get("status").asText()).isEqualTo("UP");
        assertThat(kafka.at("/details/bootstrapServers").asText())
                .isEqualTo(TestKafka.bootstrapServers());
        assertThat(kafka.at("/details/clusterId").asText()).isNotBlank();
        assertThat(kafka.at("/details/brokers").asInt()).isEqualTo(1);
    }

    @Test
    void countersMoveByExactlyWhatTheRequestsDid() {
        Counts before = Counts.of(registry);
        URI base = server.getURI();
        String service = "metrics-" + run;

        // 3 valid and 2 invalid request events
        byte[] requests =
                ("["
                                + event(service, 1)
                                + ","
                                + event("", 1)
                                + ","
                                + event(service, 2)
                                + ","
                                + event(service, -1)
                                + ","
                                + event(service, 3)
                                + "]")
                        .getBytes(StandardCharsets.UTF_8);
        assertThat(post(base, REQUESTS, "application/json", requests).body())
                .asString(StandardCharsets.UTF_8)
                .startsWith("{\"accepted\":3,\"rejected\":[{\"index\":1,");
        // OTLP: 2 valid SERVER spans, 1 invalid (ends before it starts), 1 CLIENT span skipped
        long t0 = startMs * 1_000_000;
        byte[] traces =
                OtlpTracesTest.request(
                                service,
                                OtlpTracesTest.span(Span.SpanKind.SPAN_KIND_SERVER, "a", t0, t0 + 5)
                                        .build(),
                                OtlpTracesTest.span(Span.SpanKind.SPAN_KIND_CLIENT, "b", t0, t0 + 5)
                                        .build(),
                                OtlpTracesTest.span(Span.SpanKind.SPAN_KIND_SERVER, "c", t0, t0 - 5)
                                        .build(),
                                OtlpTracesTest.span(Span.SpanKind.SPAN_KIND_SERVER, "d", t0, t0 + 5)
                                        .build())
                        .toByteArray();
        assertThat(post(base, "/v1/traces", "application/x-protobuf", traces).statusCode())
                .isEqualTo(200);
        // 2 valid cost records, 1 with a lower-case currency
        byte[] costs =
                ("["
                                + cost(service, 1, "USD")
                                + ","
                                + cost(service, 2, "usd")
                                + ","
                                + cost(service, 3, "EUR")
                                + "]")
                        .getBytes(StandardCharsets.UTF_8);
        assertThat(post(base, "/api/v1/ingest/costs", "application/json", costs).body())
                .asString(StandardCharsets.UTF_8)
                .startsWith("{\"accepted\":2,\"rejected\":[{\"index\":1,\"field\":\"currency\"");
        byte[] deploys =
                ("{\"service\":\"" + service + "\",\"version\":\"7\",\"at\":" + startMs + "}")
                        .getBytes(StandardCharsets.UTF_8);
        assertThat(post(base, "/api/v1/ingest/deploys", "application/json", deploys).statusCode())
                .isEqualTo(202);
        // Malformed: its body counts, no record does.
        byte[] malformed = "[{\"service\":".getBytes(StandardCharsets.UTF_8);
        assertThat(post(base, REQUESTS, "application/json", malformed).statusCode()).isEqualTo(400);
        // Refused by the key filter: nothing counts.
        assertThat(Http.postBytes(base, REQUESTS, "application/json", requests).statusCode())
                .isEqualTo(401);

        Counts delta = Counts.of(registry).minus(before);
        assertThat(delta)
                .isEqualTo(
                        new Counts(
                                Map.of(
                                        TelemetryTopics.REQUESTS, 5.0,
                                        TelemetryTopics.COSTS, 2.0,
                                        TelemetryTopics.DEPLOYS, 1.0),
                                Map.of(
                                        TelemetryTopics.REQUESTS, 3.0,
                                        TelemetryTopics.COSTS, 1.0,
                                        TelemetryTopics.DEPLOYS, 0.0),
                                Map.of(
                                        TelemetryTopics.REQUESTS, 3.0,
                                        TelemetryTopics.COSTS, 1.0,
                                        TelemetryTopics.DEPLOYS, 0.0),
                                Map.of(
                                        TelemetryTopics.REQUESTS, 0.0,
                                        TelemetryTopics.COSTS, 0.0,
                                        TelemetryTopics.DEPLOYS, 0.0),
                                Map.of(
                                        REQUESTS,
                                        new Counts.Bodies(2, requests.length + malformed.length),
                                        "/v1/traces",
                                        new Counts.Bodies(1, traces.length),
                                        "/api/v1/ingest/costs",
                                        new Counts.Bodies(1, costs.length),
                                        "/api/v1/ingest/deploys",
                                        new Counts.Bodies(1, deploys.length))));

        String prometheus = new String(get(base, "/prometheus").body(), StandardCharsets.UTF_8);
        Counts now = Counts.of(registry);
        assertThat(prometheus)
                .contains(
                        "plimsoll_ingest_records_accepted_total{topic=\"telemetry.requests.v1\"} "
                                + now.accepted().get(TelemetryTopics.REQUESTS))
                .contains(
                        "plimsoll_ingest_records_rejected_total{topic=\"telemetry.costs.v1\"} "
                                + now.rejected().get(TelemetryTopics.COSTS))
                .contains(
                        "plimsoll_ingest_dead_letters_total{topic=\"telemetry.requests.v1\"} "
                                + now.deadLetters().get(TelemetryTopics.REQUESTS))
                .contains(
                        "plimsoll_ingest_publish_failures_total{topic=\"telemetry.deploys.v1\"}"
                                + " 0.0")
                .contains(
                        "plimsoll_ingest_request_body_bytes_sum{endpoint=\"/v1/traces\"} "
                                + (double) now.bodies().get("/v1/traces").bytes())
                .contains("plimsoll_ingest_request_body_bytes_count{endpoint=\"/v1/traces\"} ");
    }

    private String event(String service, double duration) {
        return "{\"service\":\""
                + service
                + "\",\"operation\":\"GET /m\",\"start\":"
                + startMs
                + ",\"durationMs\":"
                + duration
                + "}";
    }

    private String cost(String service, int id, String currency) {
        return "{\"recordId\":\""
                + service
                + "-"
                + id
                + "\",\"service\":\""
                + service
                + "\",\"chargePeriodStart\":\"2026-03-01T00:00:00Z\","
                + "\"chargePeriodEnd\":\"2026-03-01T01:00:00Z\",\"cost\":\"0.5\",\"currency\":\""
                + currency
                + "\"}";
    }

    private static HttpResponse<byte[]> post(URI base, String path, String type, byte[] body) {
        return Http.postBytes(base, path, type, body, "X-API-Key", TestKeys.INGESTER);
    }

    static HttpResponse<byte[]> get(URI base, String path) {
        try {
            return java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(base.resolve(path)).build(),
                            HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
