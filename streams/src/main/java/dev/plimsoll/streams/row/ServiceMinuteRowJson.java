package dev.plimsoll.streams.row;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * JSON encoding of {@link ServiceMinuteRow}, the value format of topic {@code
 * metrics.service-minute.v1} (version 1).
 *
 * <pre>{@code
 * {"v":1,"tenant":"","service":"orders","operation":"GET /orders/{id}",
 *  "minute":"2025-01-01T10:15:00Z","count":3,"errors":1,"sumMs":61.5,"minMs":1.5,"maxMs":40.0,
 *  "zeroCount":0,"buckets":{"41":1,"185":1,"238":1},"peakInflight":2,"inflightMs":61.5,
 *  "users":["12379813738877118345"],"usersSampleShift":0}
 * }</pre>
 *
 * <p>{@code buckets} maps the latency bucket index (core's storage contract) to its count; {@code
 * users} are unsigned 64-bit hashes written as decimal strings, so that JavaScript readers don't
 * lose digits; {@code usersSampleShift} (absent = 0) says that {@code users} is a 1-in-2^shift
 * sample. {@code minMs}/{@code maxMs} are {@code null} when {@code count = 0}. {@code correction}
 * (absent on rows written when their minute closed) marks a correction row: the late events of a
 * minute already written, with the minute in which they arrived (ADR 0011). Unknown fields are
 * ignored, so fields can be added without a new topic version. Thread-safe.
 */
public final class ServiceMinuteRowJson {

    /** Version of this encoding, written as field {@code v}. */
    public static final int VERSION = 1;

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final Set<String> REQUIRED =
            Set.of("tenant", "service", "operation", "minute", "count");

    private ServiceMinuteRowJson() {}

    /** UTF-8 JSON of {@code row}. */
    public static byte[] encode(ServiceMinuteRow row) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + 16 * row.buckets().size());
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("v", VERSION);
            g.writeStringField("tenant", row.tenant());
            g.writeStringField("service", row.service());
            g.writeStringField("operation", row.operation());
            g.writeStringField("minute", row.minute().toString());
            g.writeNumberField("count", row.count());
            g.writeNumberField("errors", row.errors());
            g.writeNumberField("sumMs", row.sumMs());
            if (row.count() > 0) {
                g.writeNumberField("minMs", row.minMs());
                g.writeNumberField("maxMs", row.maxMs());
            } else {
                g.writeNullField("minMs");
                g.writeNullField("maxMs");
            }
            g.writeNumberField("zeroCount", row.zeroCount());
            g.writeObjectFieldStart("buckets");
            for (Map.Entry<Integer, Long> b : row.buckets().entrySet()) {
                g.writeNumberField(Integer.toString(b.getKey()), b.getValue());
            }
            g.writeEndObject();
            g.writeNumberField("peakInflight", row.peakInflight());
            g.writeNumberField("inflightMs", row.inflightMs());
            g.writeArrayFieldStart("users");
            for (int i = 0; i < row.userCount(); i++) {
                g.writeString(Long.toUnsignedString(row.user(i)));
            }
            g.writeEndArray();
            g.writeNumberField("usersSampleShift", row.usersSampleShift());
            if (row.isCorrection()) {
                g.writeStringField(
                        "correction", Instant.ofEpochSecond(row.correction()).toString());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory failed", e);
        }
        return out.toByteArray();
    }

    /**
     * Parses one row.
     *
     * @throws MalformedRowException naming the field when the bytes are not a version-1 row
     */
    public static ServiceMinuteRow decode(byte[] json) throws MalformedRowException {
        if (json == null) {
            throw new MalformedRowException("record", "must not be null");
        }
        String tenant = null;
        String service = null;
        String operation = null;
        Instant minute = null;
        long count = -1;
        long errors = 0;
        double sumMs = 0;
        double minMs = Double.POSITIVE_INFINITY;
        double maxMs = 0;
        long zeroCount = 0;
        Map<Integer, Long> buckets = new HashMap<>();
        int peakInflight = 0;
        double inflightMs = 0;
        long[] users = new long[0];
        int usersSampleShift = 0;
        long correction = 0;
        String field = "record";
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedRowException("record", "must be a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "v" -> {
                        if (p.getIntValue() != VERSION) {
                            throw new MalformedRowException(
                                    "v", "must be " + VERSION + ", was " + p.getText());
                        }
                    }
                    case "tenant" -> tenant = p.getValueAsString();
                    case "service" -> service = p.getValueAsString();
                    case "operation" -> operation = p.getValueAsString();
                    case "minute" -> minute = Instant.parse(p.getText());
                    case "count" -> count = p.getLongValue();
                    case "errors" -> errors = p.getLongValue();
                    case "sumMs" -> sumMs = p.getDoubleValue();
                    case "minMs" ->
                            minMs =
                                    t == JsonToken.VALUE_NULL
                                            ? Double.POSITIVE_INFINITY
                                            : p.getDoubleValue();
                    case "maxMs" -> maxMs = t == JsonToken.VALUE_NULL ? 0 : p.getDoubleValue();
                    case "zeroCount" -> zeroCount = p.getLongValue();
                    case "buckets" -> {
                        expect(t, JsonToken.START_OBJECT, field);
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            int key = Integer.parseInt(p.currentName());
                            p.nextToken();
                            buckets.merge(key, p.getLongValue(), Long::sum);
                        }
                    }
                    case "peakInflight" -> peakInflight = p.getIntValue();
                    case "inflightMs" -> inflightMs = p.getDoubleValue();
                    case "users" -> {
                        expect(t, JsonToken.START_ARRAY, field);
                        long[] buf = new long[16];
                        int n = 0;
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            if (n == buf.length) {
                                buf = java.util.Arrays.copyOf(buf, n * 2);
                            }
                            buf[n++] = Long.parseUnsignedLong(p.getText());
                        }
                        users = java.util.Arrays.copyOf(buf, n);
                    }
                    case "usersSampleShift" -> usersSampleShift = p.getIntValue();
                    case "correction" ->
                            correction =
                                    t == JsonToken.VALUE_NULL
                                            ? 0
                                            : Instant.parse(p.getText()).getEpochSecond();
                    default -> p.skipChildren();
                }
            }
        } catch (IOException | NumberFormatException | DateTimeParseException e) {
            throw new MalformedRowException(field, "is not valid: " + e.getMessage());
        }
        for (String required : REQUIRED) {
            Object value =
                    switch (required) {
                        case "tenant" -> tenant;
                        case "service" -> service;
                        case "operation" -> operation;
                        case "minute" -> minute;
                        default -> count < 0 ? null : count;
                    };
            if (value == null) {
                throw new MalformedRowException(required, "is missing");
            }
        }
        try {
            return new ServiceMinuteRow(
                    tenant,
                    service,
                    operation,
                    minute,
                    count,
                    errors,
                    sumMs,
                    minMs,
                    maxMs,
                    zeroCount,
                    buckets,
                    peakInflight,
                    inflightMs,
                    users,
                    usersSampleShift,
                    correction);
        } catch (IllegalArgumentException e) {
            throw new MalformedRowException("record", e.getMessage());
        }
    }

    private static void expect(JsonToken actual, JsonToken expected, String field)
            throws MalformedRowException {
        if (actual != expected) {
            throw new MalformedRowException(
                    field,
                    "must be " + (expected == JsonToken.START_ARRAY ? "an array" : "an object"));
        }
    }
}
