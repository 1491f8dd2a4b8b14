package dev.plimsoll.ingest.otlp;

import dev.plimsoll.core.telemetry.DeadLetter;
import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.core.telemetry.RequestEventCodec;
import dev.plimsoll.core.telemetry.TelemetryTopics;
import dev.plimsoll.core.telemetry.Validation;
import dev.plimsoll.ingest.Http;
import dev.plimsoll.ingest.Records;
import dev.plimsoll.ingest.TestKafka;
import dev.plimsoll.ingest.TestKeys;
import dev.plimsoll.ingest.TopicReader;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The real OpenTelemetry Java SDK, exporting over OTLP/HTTP protobuf to the ingest server. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OtlpExportTest implements TestPropertyProvider {

    @Inject EmbeddedServer server;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Override
    public Map<String, String> getProperties() {
        return Map.of(
                "plimsoll.kafka.bootstrap-servers",
                TestKafka.bootstrapServers(),
                "plimsoll.security.keys",
                TestKeys.config());
    }

    private static String bootstrap() {
        return TestKafka.bootstrapServers();
    }

    @Test
    void sdkExportArrivesAsRequestEvents() throws Exception {
        String service = "otel-" + run;
        Instant t0 =
                Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        OtlpHttpSpanExporter exporter =
                OtlpHttpSpanExporter.builder()
                        .setEndpoint(server.getURI().resolve("/v1/traces").toString())
                        .addHeader("Authorization", "Bearer " + TestKeys.INGESTER)
                        .setTimeout(30, TimeUnit.SECONDS)
                        .build();
        SdkTracerProvider provider =
                SdkTracerProvider.builder()
                        .setResource(
                                Resource.getDefault()
                                        .merge(
                                                Resource.create(
                                                        Attributes.of(
                                                                AttributeKey.stringKey(
                                                                        "service.name"),
                                                                service))))
                        .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                        .build();
        try (TopicReader requests = TopicReader.fromEnd(bootstrap(), TelemetryTopics.REQUESTS)) {
            Tracer tracer = provider.get("plimsoll-test");
            Span server =
                    tracer.spanBuilder("GET /orders/{id}")
                            .setSpanKind(SpanKind.SERVER)
                            .setStartTimestamp(t0)
                            .setAttribute("http.request.method", "GET")
                            .setAttribute("http.route", "/orders/{id}")
                            .setAttribute("http.response.status_code", 200L)
                            .setAttribute("enduser.id", "u-42")
                            .startSpan();
            Span client =
                    tracer.spanBuilder("SELECT orders")
                            .setSpanKind(SpanKind.CLIENT)
                            .setStartTimestamp(t0)
                            .startSpan();
            client.end(t0.plusMillis(3));
            server.end(t0.plusNanos(12_345_000));
            Span consumer =
                    tracer.spanBuilder("orders.created process")
                            .setSpanKind(SpanKind.CONSUMER)
                            .setStartTimestamp(t0.plusSeconds(1))
                            .startSpan();
            consumer.setStatus(StatusCode.ERROR);
            consumer.end(t0.plusSeconds(1).plusMillis(40));
            CompletableResultCode flushed = provider.forceFlush().join(30, TimeUnit.SECONDS);
            assertThat(flushed.isSuccess()).isTrue();

            long startMicros = t0.getEpochSecond() * 1_000_000 + t0.getNano() / 1000;
            RequestEventCodec codec = RequestEventCodec.create();
            assertThat(requests.readNew())
                    .filteredOn(c -> new String(c.key(), StandardCharsets.UTF_8).equals(service))
                    .extracting(
                            c ->
                                    ((Validation.Accepted<RequestEvent>) codec.decode(c.value()))
                                            .value())
                    .containsExactlyInAnyOrder(
                            new RequestEvent(
                                    service,
                                    "GET /orders/{id}",
                                    startMicros,
                                    12.345,
                                    200,
                                    false,
                                    "u-42",
                                    null),
                            new RequestEvent(
                                    service,
                                    "orders.created process",
                                    startMicros + 1_000_000,
                                    40.0,
                                    0,
                                    true,
                                    null,
                                    null));
        } finally {
            provider.shutdown().join(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void sdkExportWithAReadOnlyKeyFailsAndWritesNothing() {
        String service = "otel-refused-" + run;
        OtlpHttpSpanExporter exporter =
                OtlpHttpSpanExporter.builder()
                        .setEndpoint(server.getURI().resolve("/v1/traces").toString())
                        .addHeader("X-API-Key", TestKeys.READER)
                        .setTimeout(30, TimeUnit.SECONDS)
                        .build();
        SdkTracerProvider provider =
                SdkTracerProvider.builder()
                        .setResource(
                                Resource.create(
                                        Attributes.of(
                                                AttributeKey.stringKey("service.name"), service)))
                        .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                        .build();
        try (TopicReader requests = TopicReader.fromEnd(bootstrap(), TelemetryTopics.REQUESTS)) {
            provider.get("plimsoll-test")
                    .spanBuilder("GET /refused")
                    .setSpanKind(SpanKind.SERVER)
                    .startSpan()
                    .end();
            CompletableResultCode flushed = provider.forceFlush().join(30, TimeUnit.SECONDS);

            assertThat(flushed.isDone()).isTrue();
            assertThat(flushed.isSuccess()).isFalse(); // 403, not retried by the exporter
            assertThat(requests.readNew())
                    .noneMatch(c -> new String(c.key(), StandardCharsets.UTF_8).equals(service));
        } finally {
            provider.shutdown().join(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void gzipCompressedExportsAreAccepted() throws Exception {
        long t0 = (System.currentTimeMillis() - 60_000) * 1_000_000L;
        var req =
                OtlpTracesTest.request(
                        "otel-gzip-" + run,
                        OtlpTracesTest.span(
                                        io.opentelemetry.proto.trace.v1.Span.SpanKind
                                                .SPAN_KIND_SERVER,
                                        "GET /zipped",
                                        t0,
                                        t0 + 2_000_000)
                                .build());
        java.io.ByteArrayOutputStream zipped = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(zipped)) {
            req.writeTo(gz);
        }
        try (TopicReader requests = TopicReader.fromEnd(bootstrap(), TelemetryTopics.REQUESTS)) {
            HttpResponse<byte[]> r =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(server.getURI().resolve("/v1/traces"))
                                            .header("Content-Type", "application/x-protobuf")
                                            .header("X-API-Key", TestKeys.INGESTER)
                                            .header("Content-Encoding", "gzip")
                                            .POST(
                                                    HttpRequest.BodyPublishers.ofByteArray(
                                                            zipped.toByteArray()))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(ExportTraceServiceResponse.parseFrom(r.body()).hasPartialSuccess())
                    .isFalse();
            assertThat(requests.readNew())
                    .filteredOn(
                            c ->
                                    new String(c.key(), StandardCharsets.UTF_8)
                                            .equals("otel-gzip-" + run))
                    .hasSize(1);
        }
    }

    @Test
    void partialSuccessNamesRejectedSpansAndDeadLettersThem() throws Exception {
        String service = "otel-partial-" + run;
        long t0 = (System.currentTimeMillis() - 60_000) * 1_000_000L;
        var req =
                OtlpTracesTest.request(
                        service,
                        OtlpTracesTest.span(
                                        io.opentelemetry.proto.trace.v1.Span.SpanKind
                                                .SPAN_KIND_SERVER,
                                        "GET /ok",
                                        t0,
                                        t0 + 1_000_000)
                                .build(),
                        OtlpTracesTest.span(
                                        io.opentelemetry.proto.trace.v1.Span.SpanKind
                                                .SPAN_KIND_SERVER,
                                        "GET /bad",
                                        t0,
                                        t0 - 1_000_000)
                                .build());
        try (TopicReader dead = TopicReader.fromEnd(bootstrap(), TelemetryTopics.DEAD_LETTERS)) {
            HttpResponse<byte[]> r =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(server.getURI().resolve("/v1/traces"))
                                            .header("Content-Type", "application/x-protobuf")
                                            .header("X-API-Key", TestKeys.INGESTER)
                                            .POST(
                                                    HttpRequest.BodyPublishers.ofByteArray(
                                                            req.toByteArray()))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/x-protobuf");
            ExportTraceServiceResponse response = ExportTraceServiceResponse.parseFrom(r.body());
            assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
            assertThat(response.getPartialSuccess().getErrorMessage())
                    .isEqualTo("span 1: durationMs: must be >= 0, was -1.0");

            List<DeadLetter> letters =
                    Records.deadLetters(dead.readNew()).stream()
                            .filter(
                                    d ->
                                            d.source().equals("POST /v1/traces")
                                                    && d.raw().contains("GET /bad"))
                            .toList();
            assertThat(letters).hasSize(1);
            assertThat(letters.get(0).error()).isEqualTo("durationMs: must be >= 0, was -1.0");
        }
    }

    @Test
    void jsonExportGetsAJsonAnswerAndMalformedGetsAStatus() throws Exception {
        URI base = server.getURI();
        long t0 = (System.currentTimeMillis() - 60_000) * 1_000_000L;
        String json =
                "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"j-"
                        + run
                        + "\"}}]},"
                        + "\"scopeSpans\":[{\"spans\":[{\"traceId\":\"5b8efff798038103d269b633813fc60c\",\"spanId\":\"eee19b7ec3c1b174\",\"name\":\"GET"
                        + " /\",\"kind\":2,\"startTimeUnixNano\":\""
                        + t0
                        + "\",\"endTimeUnixNano\":\""
                        + (t0 + 1000)
                        + "\"}]}]}]}";
        HttpResponse<byte[]> ok =
                Http.postBytes(
                        base,
                        "/v1/traces",
                        "application/json",
                        json.getBytes(StandardCharsets.UTF_8),
                        "X-API-Key",
                        TestKeys.INGESTER);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).asString(StandardCharsets.UTF_8).isEqualTo("{}");

        HttpResponse<byte[]> bad =
                Http.postBytes(
                        base,
                        "/v1/traces",
                        "application/json",
                        "{\"resourceSpans\": [}".getBytes(StandardCharsets.UTF_8),
                        "X-API-Key",
                        TestKeys.INGESTER);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(Http.json(bad.body()).get("code").asInt()).isEqualTo(3);
        assertThat(Http.json(bad.body()).get("message").asText()).startsWith("line 1, column 20");
    }
}
