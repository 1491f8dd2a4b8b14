package dev.plimsoll.ingest.otlp;

import dev.plimsoll.core.telemetry.MalformedTelemetryException;
import dev.plimsoll.core.telemetry.RejectedRecord;
import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.core.telemetry.Validation;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

public class OtlpTracesTest {

    private static final long NOW = 1_772_366_400_000_000L; // 2026-03-01T12:00:00Z
    private static final long T0 = 1_772_366_000_000_000_000L; // ns, 2026-03-01T11:53:20Z

    public static KeyValue str(String k, String v) {
        return KeyValue.newBuilder()
                .setKey(k)
                .setValue(AnyValue.newBuilder().setStringValue(v))
                .build();
    }

    public static KeyValue num(String k, long v) {
        return KeyValue.newBuilder()
                .setKey(k)
                .setValue(AnyValue.newBuilder().setIntValue(v))
                .build();
    }

    public static Span.Builder span(Span.SpanKind kind, String name, long startNs, long endNs) {
        return Span.newBuilder()
                .setTraceId(
                        ByteString.copyFrom(
                                HexFormat.of().parseHex("5b8efff798038103d269b633813fc60c")))
                .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex("eee19b7ec3c1b174")))
                .setKind(kind)
                .setName(name)
                .setStartTimeUnixNano(startNs)
                .setEndTimeUnixNano(endNs);
    }

    public static ExportTraceServiceRequest request(String service, Span... spans) {
        Resource.Builder resource = Resource.newBuilder();
        if (service != null) {
            resource.addAttributes(str("service.name", service));
        }
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(
                        ResourceSpans.newBuilder()
                                .setResource(resource)
                                .addScopeSpans(
                                        ScopeSpans.newBuilder()
                                                .addAllSpans(java.util.List.of(spans))))
                .build();
    }

    @Test
    void serverAndConsumerSpansBecomeRequestEvents() throws Exception {
        ExportTraceServiceRequest req =
                request(
                        "orders",
                        span(
                                        Span.SpanKind.SPAN_KIND_SERVER,
                                        "GET /orders/{id}",
                                        T0,
                                        T0 + 12_500_000)
                                .addAttributes(str("http.request.method", "GET"))
                                .addAttributes(str("http.route", "/orders/{id}"))
                                .addAttributes(num("http.response.status_code", 503))
                                .addAttributes(str("enduser.id", "u-7"))
                                .addAttributes(str("tenant.id", "acme"))
                                .build(),
                        span(Span.SpanKind.SPAN_KIND_CLIENT, "SELECT", T0, T0 + 1).build(),
                        span(Span.SpanKind.SPAN_KIND_INTERNAL, "work", T0, T0 + 1).build(),
                        span(
                                        Span.SpanKind.SPAN_KIND_CONSUMER,
                                        "orders.created process",
                                        T0 + 1_000,
                                        T0 + 2_001_000)
                                .setStatus(
                                        Status.newBuilder()
                                                .setCode(Status.StatusCode.STATUS_CODE_ERROR))
                                .build(),
                        span(Span.SpanKind.SPAN_KIND_SERVER, "legacy", T0, T0 + 1_000_000)
                                .addAttributes(str("http.method", "POST"))
                                .addAttributes(str("http.route", "/pay"))
                                .addAttributes(num("http.status_code", 201))
                                .build());

        OtlpTraces.Converted c =
                OtlpTraces.convert(OtlpTraces.parseProtobuf(req.toByteArray()), NOW, 100);

        assertThat(c.skippedSpans()).isEqualTo(2);
        assertThat(c.batch().rejected()).isEmpty();
        assertThat(c.batch().accepted())
                .containsExactly(
                        new RequestEvent(
                                "orders",
                                "GET /orders/{id}",
                                1_772_366_000_000_000L,
                                12.5,
                                503,
                                true,
                                "u-7",
                                "acme"),
                        new RequestEvent(
                                "orders",
                                "orders.created process",
                                1_772_366_000_000_001L,
                                2.0,
                                0,
                                true,
                                null,
                                null),
                        new RequestEvent(
                                "orders",
                                "POST /pay",
                                1_772_366_000_000_000L,
                                1.0,
                                201,
                                false,
                                null,
                                null));
    }

    @Test
    void rejectsSpansWithTheFieldNamed() throws Exception {
        ExportTraceServiceRequest noService =
                request(null, span(Span.SpanKind.SPAN_KIND_SERVER, "GET /", T0, T0 + 1).build());
        RejectedRecord r = OtlpTraces.convert(noService, NOW, 100).batch().rejected().get(0);
        assertThat(r.message())
                .isEqualTo("service: is required (OTLP resource attribute service.name)");
        assertThat(r.raw())
                .contains("\"name\":\"GET /\"")
                .contains("\"kind\":\"SPAN_KIND_SERVER\"");

        ExportTraceServiceRequest backwards =
                request(
                        "a",
                        span(Span.SpanKind.SPAN_KIND_CLIENT, "x", T0, T0).build(),
                        span(Span.SpanKind.SPAN_KIND_SERVER, "GET /", T0, T0 - 2_000_000).build());
        r = OtlpTraces.convert(backwards, NOW, 100).batch().rejected().get(0);
        assertThat(r.index()).isEqualTo(1);
        assertThat(r.message()).isEqualTo("durationMs: must be >= 0, was -2.0");

        ExportTraceServiceRequest future =
                request(
                        "a",
                        span(
                                        Span.SpanKind.SPAN_KIND_SERVER,
                                        "GET /",
                                        T0 + 90_000_000_000_000L,
                                        T0 + 90_000_000_000_001L)
                                .build());
        assertThat(OtlpTraces.convert(future, NOW, 100).batch().rejected().get(0).field())
                .isEqualTo("start");
    }

    @Test
    void aGuardSeesValidEventsOnlyAndRejectsSpansAtTheirIndex() throws Exception {
        ExportTraceServiceRequest req =
                request(
                        "orders",
                        span(Span.SpanKind.SPAN_KIND_SERVER, "GET /a", T0, T0 + 1_000_000).build(),
                        span(Span.SpanKind.SPAN_KIND_CLIENT, "SELECT", T0, T0 + 1).build(),
                        span(Span.SpanKind.SPAN_KIND_SERVER, "GET /b", T0, T0 + 1_000_000)
                                .addAttributes(str("tenant.id", "globex"))
                                .build(),
                        span(Span.SpanKind.SPAN_KIND_SERVER, "GET /c", T0, T0 - 1_000_000)
                                .addAttributes(str("tenant.id", "globex"))
                                .build());
        List<String> seen = new ArrayList<>();

        OtlpTraces.Converted c =
                OtlpTraces.convert(
                        req,
                        NOW,
                        100,
                        e -> {
                            seen.add(e.operation());
                            return e.tenant() == null
                                    ? Validation.accepted(e.withTenant("acme"))
                                    : Validation.rejected("tenant", "must be 'acme'");
                        });

        assertThat(seen).containsExactly("GET /a", "GET /b");
        assertThat(c.batch().accepted())
                .containsExactly(
                        new RequestEvent(
                                "orders",
                                "GET /a",
                                1_772_366_000_000_000L,
                                1.0,
                                0,
                                false,
                                null,
                                "acme"));
        assertThat(c.batch().rejected())
                .extracting(RejectedRecord::index, RejectedRecord::message)
                .containsExactly(
                        tuple(2, "tenant: must be 'acme'"),
                        tuple(3, "durationMs: must be >= 0, was -1.0"));
        assertThat(c.batch().rejected().get(0).raw()).contains("\"name\":\"GET /b\"");
    }

    @Test
    void parsesOtlpJsonWithHexIdsAndIntegerEnums() throws Exception {
        String json =
                "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\","
                    + "\"value\":{\"stringValue\":\"checkout\"}}]},\"scopeSpans\":[{\"scope\":{\"name\":\"s\"},"
                    + "\"spans\":[{\"traceId\":\"5b8efff798038103d269b633813fc60c\",\"spanId\":\"eee19b7ec3c1b174\",\"parentSpanId\":\"\",\"name\":\"POST"
                    + " /checkout\",\"kind\":2,"
                    + "\"startTimeUnixNano\":\"1772366000000000000\",\"endTimeUnixNano\":1772366000250000000,"
                    + "\"attributes\":[{\"key\":\"http.response.status_code\",\"value\":{\"intValue\":\"200\"}}],"
                    + "\"status\":{\"code\":0},\"unknownField\":true}]}]}]}";
        ExportTraceServiceRequest req = OtlpTraces.parseJson(json.getBytes(StandardCharsets.UTF_8));
        Span span = req.getResourceSpans(0).getScopeSpans(0).getSpans(0);
        assertThat(HexFormat.of().formatHex(span.getTraceId().toByteArray()))
                .isEqualTo("5b8efff798038103d269b633813fc60c");
        assertThat(OtlpTraces.convert(req, NOW, 100).batch().accepted())
                .containsExactly(
                        new RequestEvent(
                                "checkout",
                                "POST /checkout",
                                1_772_366_000_000_000L,
                                250.0,
                                200,
                                false,
                                null,
                                null));
    }

    @Test
    void malformedBodiesNameThePosition() {
        byte[] truncated =
                request("a", span(Span.SpanKind.SPAN_KIND_SERVER, "GET /", T0, T0 + 1).build())
                        .toByteArray();
        byte[] cut = java.util.Arrays.copyOf(truncated, truncated.length - 3);
        assertThatThrownBy(() -> OtlpTraces.parseProtobuf(cut))
                .isInstanceOf(MalformedTelemetryException.class)
                .hasMessageStartingWith("byte offset ")
                .hasMessageContaining("not an OTLP ExportTraceServiceRequest");
        assertThatThrownBy(
                        () ->
                                OtlpTraces.parseJson(
                                        "{\"resourceSpans\": [}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedTelemetryException.class)
                .hasMessageStartingWith("line 1, column 20");
        assertThatThrownBy(
                        () ->
                                OtlpTraces.parseJson(
                                        "{\"resourceSpans\": 5}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedTelemetryException.class)
                .hasMessageContaining("not an OTLP ExportTraceServiceRequest");
    }
}
