package dev.plimsoll.ingest.otlp;

import dev.plimsoll.core.telemetry.DecodedBatch;
import dev.plimsoll.core.telemetry.MalformedTelemetryException;
import dev.plimsoll.core.telemetry.RejectedRecord;
import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.core.telemetry.RequestEventDraft;
import dev.plimsoll.core.telemetry.TooManyRecordsException;
import dev.plimsoll.core.telemetry.Validation;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

/**
 * OTLP trace export requests to v1 request events. Only SERVER and CONSUMER spans describe a
 * request that a service served; other kinds are skipped (neither accepted nor rejected). Mapping:
 *
 * <ul>
 *   <li>{@code service}: resource attribute {@code service.name}
 *   <li>{@code operation}: {@code http.route}, prefixed by {@code http.request.method} (or the
 *       older {@code http.method}) when present; else the span name
 *   <li>{@code start}, {@code durationMs}: the span's start and end time
 *   <li>{@code status}: {@code http.response.status_code} (or {@code http.status_code}); a span
 *       status ERROR marks the event as failed
 *   <li>{@code userId}: {@code enduser.id}; {@code tenant}: {@code tenant.id}, on the span or the
 *       resource
 * </ul>
 *
 * Thread-safe.
 */
public final class OtlpTraces {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFormat.Parser JSON_PARSER =
            JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer SPAN_PRINTER =
            JsonFormat.printer().omittingInsignificantWhitespace();

    private OtlpTraces() {}

    /**
     * A converted export: the events, the rejected spans, how many spans were skipped, and the
     * index of each accepted event's span in the request (spans counted as for rejections).
     */
    public record Converted(
            DecodedBatch<RequestEvent> batch, int skippedSpans, int[] acceptedIndexes) {}

    /**
     * Parses an OTLP/HTTP protobuf body.
     *
     * @throws MalformedTelemetryException naming the byte offset where parsing stopped
     */
    public static ExportTraceServiceRequest parseProtobuf(byte[] body)
            throws MalformedTelemetryException {
        CodedInputStream in = CodedInputStream.newInstance(body);
        try {
            return ExportTraceServiceRequest.parseFrom(in);
        } catch (java.io.IOException e) {
            return throwMalformed(in.getTotalBytesRead(), e);
        } catch (RuntimeException e) { // protobuf throws some unchecked errors on hostile input
            return throwMalformed(in.getTotalBytesRead(), e);
        }
    }

    private static ExportTraceServiceRequest throwMalformed(int offset, Exception e)
            throws MalformedTelemetryException {
        throw new MalformedTelemetryException(
                -1, -1, offset, "not an OTLP ExportTraceServiceRequest: " + e.getMessage(), e);
    }

    /**
     * Parses an OTLP/HTTP JSON body. OTLP JSON writes trace and span ids as hex, where protobuf's
     * JSON mapping expects base64, so ids are converted first; enums may be names or integers.
     *
     * @throws MalformedTelemetryException for broken JSON (naming line and column) or JSON that
     *     does not map to the OTLP messages
     */
    public static ExportTraceServiceRequest parseJson(byte[] body)
            throws MalformedTelemetryException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new MalformedTelemetryException(
                    at == null ? -1 : at.getLineNr(),
                    at == null ? -1 : at.getColumnNr(),
                    at == null ? -1 : at.getByteOffset(),
                    e.getOriginalMessage(),
                    e);
        } catch (java.io.IOException e) {
            throw new MalformedTelemetryException(-1, -1, -1, e.getMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            return ExportTraceServiceRequest.getDefaultInstance();
        }
        if (!root.isObject()) {
            throw new MalformedTelemetryException(
                    1,
                    1,
                    0,
                    "an OTLP JSON body must be an object, found " + root.getNodeType(),
                    null);
        }
        hexIdsToBase64(root);
        ExportTraceServiceRequest.Builder b = ExportTraceServiceRequest.newBuilder();
        try {
            JSON_PARSER.merge(root.toString(), b);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new MalformedTelemetryException(
                    -1, -1, -1, "not an OTLP ExportTraceServiceRequest: " + e.getMessage(), e);
        }
        return b.build();
    }

    private static void hexIdsToBase64(JsonNode root) {
        for (JsonNode rs : root.path("resourceSpans")) {
            for (String scopes : new String[] {"scopeSpans", "instrumentationLibrarySpans"}) {
                for (JsonNode ss : rs.path(scopes)) {
                    for (JsonNode span : ss.path("spans")) {
                        convertIds(span);
                        for (JsonNode link : span.path("links")) {
                            convertIds(link);
                        }
                    }
                }
            }
        }
    }

    private static void convertIds(JsonNode node) {
        if (!(node instanceof ObjectNode o)) {
            return;
        }
        for (String field : new String[] {"traceId", "spanId", "parentSpanId"}) {
            JsonNode id = o.get(field);
            if (id != null && id.isTextual() && isHex(id.asText())) {
                o.put(
                        field,
                        Base64.getEncoder().encodeToString(HexFormat.of().parseHex(id.asText())));
            }
        }
    }

    private static boolean isHex(String s) {
        if (s.length() % 2 != 0) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Converts every SERVER and CONSUMER span. Indexes of rejected spans count all spans of the
     * request in order (resource, scope, span).
     */
    public static Converted convert(
            ExportTraceServiceRequest request, long nowMicros, int maxRecords)
            throws TooManyRecordsException {
        return convert(request, nowMicros, maxRecords, Validation::accepted);
    }

    /**
     * Converts every SERVER and CONSUMER span and passes each valid event through {@code guard}
     * (e.g. the tenant binding of the sender's API key, {@code IngestTenancy}): an accepted result
     * replaces the event, a rejected one rejects the span at its index like a validation failure.
     */
    public static Converted convert(
            ExportTraceServiceRequest request,
            long nowMicros,
            int maxRecords,
            Function<RequestEvent, Validation<RequestEvent>> guard)
            throws TooManyRecordsException {
        List<RequestEvent> accepted = new ArrayList<>();
        List<RejectedRecord> rejected = new ArrayList<>();
        int[] acceptedIndexes = new int[16];
        RequestEventDraft draft = new RequestEventDraft();
        int index = 0;
        int skipped = 0;
        for (ResourceSpans rs : request.getResourceSpansList()) {
            List<KeyValue> resource = rs.getResource().getAttributesList();
            String service = string(resource, "service.name");
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (Span span : ss.getSpansList()) {
                    if (index == maxRecords) {
                        throw new TooManyRecordsException(maxRecords);
                    }
                    Span.SpanKind kind = span.getKind();
                    if (kind != Span.SpanKind.SPAN_KIND_SERVER
                            && kind != Span.SpanKind.SPAN_KIND_CONSUMER) {
                        skipped++;
                        index++;
                        continue;
                    }
                    Validation<RequestEvent> v =
                            toEvent(span, service, resource, draft.reset(), nowMicros);
                    if (v instanceof Validation.Accepted<RequestEvent> valid) {
                        v = guard.apply(valid.value());
                    }
                    if (v instanceof Validation.Accepted<RequestEvent> a) {
                        if (accepted.size() == acceptedIndexes.length) {
                            acceptedIndexes = Arrays.copyOf(acceptedIndexes, accepted.size() * 2);
                        }
                        acceptedIndexes[accepted.size()] = index;
                        accepted.add(a.value());
                    } else {
                        Validation.Rejected<RequestEvent> r = (Validation.Rejected<RequestEvent>) v;
                        rejected.add(
                                new RejectedRecord(index, r.field(), r.problem(), printSpan(span)));
                    }
                    index++;
                }
            }
        }
        return new Converted(
                new DecodedBatch<>(accepted, rejected),
                skipped,
                Arrays.copyOf(acceptedIndexes, accepted.size()));
    }

    private static Validation<RequestEvent> toEvent(
            Span span,
            String service,
            List<KeyValue> resource,
            RequestEventDraft d,
            long nowMicros) {
        List<KeyValue> attrs = span.getAttributesList();
        if (service == null) {
            d.problem("service", "is required (OTLP resource attribute service.name)");
        }
        d.service(service);
        String route = string(attrs, "http.route");
        if (route != null && !route.isBlank()) {
            String method = string(attrs, "http.request.method");
            if (method == null) {
                method = string(attrs, "http.method");
            }
            d.operation(method == null ? route : method + " " + route);
        } else {
            d.operation(span.getName());
        }
        if (span.getStartTimeUnixNano() == 0) {
            d.problem("start", "is required (OTLP span start_time_unix_nano is 0)");
        }
        if (span.getEndTimeUnixNano() == 0) {
            d.problem("durationMs", "is required (OTLP span end_time_unix_nano is 0)");
        }
        // unsigned nanoseconds; values beyond 2^63 are far outside any accepted time anyway
        d.startMicros(Long.divideUnsigned(span.getStartTimeUnixNano(), 1000));
        d.durationMs((span.getEndTimeUnixNano() - span.getStartTimeUnixNano()) / 1e6);
        AnyValue code = attr(attrs, "http.response.status_code");
        if (code == null) {
            code = attr(attrs, "http.status_code");
        }
        if (code != null) {
            if (code.hasIntValue()) {
                long c = code.getIntValue();
                d.status(c > Integer.MAX_VALUE || c < 0 ? -1 : (int) c);
            } else if (code.hasStringValue()) {
                d.statusText(code.getStringValue());
            }
        }
        if (span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR) {
            d.error(true);
        }
        String user = string(attrs, "enduser.id");
        d.userId(user != null ? user : string(resource, "enduser.id"));
        String tenant = string(attrs, "tenant.id");
        d.tenant(tenant != null ? tenant : string(resource, "tenant.id"));
        return d.validate(nowMicros);
    }

    private static String printSpan(Span span) {
        try {
            return SPAN_PRINTER.print(span);
        } catch (InvalidProtocolBufferException e) {
            return span.toString();
        }
    }

    private static AnyValue attr(List<KeyValue> attrs, String key) {
        for (KeyValue kv : attrs) {
            if (kv.getKey().equals(key)) {
                return kv.getValue();
            }
        }
        return null;
    }

    private static String string(List<KeyValue> attrs, String key) {
        AnyValue v = attr(attrs, key);
        if (v == null) {
            return null;
        }
        switch (v.getValueCase()) {
            case STRING_VALUE:
                return v.getStringValue();
            case INT_VALUE:
                return Long.toString(v.getIntValue());
            default:
                return null;
        }
    }
}
