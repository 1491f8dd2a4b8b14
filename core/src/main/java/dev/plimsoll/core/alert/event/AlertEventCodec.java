package dev.plimsoll.core.alert.event;

import dev.plimsoll.core.DecodingException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON encoding of {@link AlertEvent}s, version 1 (topic {@link AlertTopics#EVENTS}).
 *
 * <p>Canonical form (keys in this order, times RFC 3339 in UTC, decimals as JSON strings so that no
 * reader turns them into binary floating point, absent values as {@code null}):
 *
 * <pre>{@code
 * {"v":1,"eventId":"a1b2…-2","alertId":"a1b2…","ruleId":"checkout-p95","rule":"checkout-p95",
 *  "fingerprint":"9f2c…","state":"firing","previousState":"pending",
 *  "at":"2026-03-01T10:17:00Z","startsAt":"2026-03-01T10:15:00Z","endsAt":null,
 *  "labels":{"service":"checkout","team":"payments"},"annotations":{},
 *  "metric":"latency.p95","service":"checkout","condition":"threshold",
 *  "value":"312.4","unit":"ms","threshold":"300","baseline":null,"errorBound":"0.01",
 *  "headroomPercent":"-4.13",
 *  "suspectDeploys":[{"service":"checkout","version":"2026.03.1","at":"2026-03-01T10:09:00Z"}],
 *  "notify":["oncall"],"summary":"checkout latency.p95 312.4 ms above 300 ms for 2m"}
 * }</pre>
 *
 * A silenced event (a silence matched the alert: record it, do not notify) ends with {@code
 * "silenced":true}; the field is absent otherwise.
 *
 * <p>Readers ignore unknown fields, so fields may be added within version 1. Stateless and
 * thread-safe.
 */
public final class AlertEventCodec {

    /** The version written in {@code "v"}. */
    public static final int VERSION = 1;

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private AlertEventCodec() {}

    /** The record key of an event on {@link AlertTopics#EVENTS}. */
    public static String key(AlertEvent event) {
        return event.fingerprint();
    }

    /** The event as canonical JSON in UTF-8. */
    public static byte[] encode(AlertEvent e) {
        ByteArrayBuilder out = new ByteArrayBuilder(1024);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("v", VERSION);
            g.writeStringField("eventId", e.eventId());
            g.writeStringField("alertId", e.alertId());
            g.writeStringField("ruleId", e.ruleId());
            g.writeStringField("rule", e.rule());
            g.writeStringField("fingerprint", e.fingerprint());
            g.writeStringField("state", e.state().wireName());
            g.writeStringField(
                    "previousState",
                    e.previousState() == null ? null : e.previousState().wireName());
            writeInstant(g, "at", e.at());
            writeInstant(g, "startsAt", e.startsAt());
            writeInstant(g, "endsAt", e.endsAt());
            writeMap(g, "labels", e.labels());
            writeMap(g, "annotations", e.annotations());
            g.writeStringField("metric", e.metric());
            g.writeStringField("service", e.service());
            g.writeStringField("condition", e.condition());
            writeDecimal(g, "value", e.value());
            g.writeStringField("unit", e.unit());
            writeDecimal(g, "threshold", e.threshold());
            writeDecimal(g, "baseline", e.baseline());
            writeDecimal(g, "errorBound", e.errorBound());
            writeDecimal(g, "headroomPercent", e.headroomPercent());
            g.writeArrayFieldStart("suspectDeploys");
            for (SuspectDeploy d : e.suspectDeploys()) {
                g.writeStartObject();
                g.writeStringField("service", d.service());
                g.writeStringField("version", d.version());
                writeInstant(g, "at", d.at());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("notify");
            for (String n : e.contactPoints()) {
                g.writeString(n);
            }
            g.writeEndArray();
            g.writeStringField("summary", e.summary());
            if (e.silenced()) {
                g.writeBooleanField("silenced", true);
            }
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    /**
     * Decodes one event.
     *
     * @throws DecodingException when the bytes are not JSON, not version 1, or lack a required
     *     field or carry one of the wrong type; the message names the field
     */
    public static AlertEvent decode(byte[] json) throws DecodingException {
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new DecodingException("an alert event must be a JSON object");
            }
            Fields f = new Fields();
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                p.nextToken();
                f.read(name, p);
            }
            return f.build();
        } catch (JsonProcessingException ex) {
            throw new DecodingException(
                    "an alert event is not valid JSON: " + ex.getOriginalMessage(), ex);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void writeInstant(JsonGenerator g, String name, Instant at) throws IOException {
        g.writeStringField(name, at == null ? null : at.toString());
    }

    private static void writeDecimal(JsonGenerator g, String name, BigDecimal value)
            throws IOException {
        g.writeStringField(name, value == null ? null : value.toPlainString());
    }

    private static void writeMap(JsonGenerator g, String name, Map<String, String> map)
            throws IOException {
        g.writeObjectFieldStart(name);
        for (Map.Entry<String, String> entry : new java.util.TreeMap<>(map).entrySet()) {
            g.writeStringField(entry.getKey(), entry.getValue());
        }
        g.writeEndObject();
    }

    /** The fields of one event as they are read. */
    private static final class Fields {
        private Integer version;
        private String eventId;
        private String alertId;
        private String ruleId;
        private String rule;
        private String fingerprint;
        private AlertState state;
        private AlertState previousState;
        private Instant at;
        private Instant startsAt;
        private Instant endsAt;
        private Map<String, String> labels;
        private Map<String, String> annotations;
        private String metric;
        private String service;
        private String condition;
        private BigDecimal value;
        private String unit;
        private BigDecimal threshold;
        private BigDecimal baseline;
        private BigDecimal errorBound;
        private BigDecimal headroomPercent;
        private List<SuspectDeploy> suspectDeploys;
        private List<String> notify;
        private String summary;
        private boolean silenced;

        void read(String name, JsonParser p) throws IOException, DecodingException {
            switch (name) {
                case "v" -> {
                    if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                        throw new DecodingException("alert event field 'v' must be an integer");
                    }
                    version = p.getIntValue();
                }
                case "eventId" -> eventId = text(p, name);
                case "alertId" -> alertId = text(p, name);
                case "ruleId" -> ruleId = text(p, name);
                case "rule" -> rule = text(p, name);
                case "fingerprint" -> fingerprint = text(p, name);
                case "state" -> state = state(p, name);
                case "previousState" -> previousState = state(p, name);
                case "at" -> at = instant(p, name);
                case "startsAt" -> startsAt = instant(p, name);
                case "endsAt" -> endsAt = instant(p, name);
                case "labels" -> labels = map(p, name);
                case "annotations" -> annotations = map(p, name);
                case "metric" -> metric = text(p, name);
                case "service" -> service = text(p, name);
                case "condition" -> condition = text(p, name);
                case "value" -> value = decimal(p, name);
                case "unit" -> unit = text(p, name);
                case "threshold" -> threshold = decimal(p, name);
                case "baseline" -> baseline = decimal(p, name);
                case "errorBound" -> errorBound = decimal(p, name);
                case "headroomPercent" -> headroomPercent = decimal(p, name);
                case "suspectDeploys" -> suspectDeploys = deploys(p);
                case "notify" -> notify = strings(p, name);
                case "summary" -> summary = text(p, name);
                case "silenced" -> {
                    if (!p.currentToken().isBoolean() && p.currentToken() != JsonToken.VALUE_NULL) {
                        throw new DecodingException(
                                "alert event field 'silenced' must be a boolean");
                    }
                    silenced = p.currentToken() == JsonToken.VALUE_TRUE;
                }
                default -> p.skipChildren();
            }
        }

        AlertEvent build() throws DecodingException {
            if (version == null || version != VERSION) {
                throw new DecodingException(
                        "alert event version "
                                + version
                                + " is not supported; expected "
                                + VERSION);
            }
            require(eventId, "eventId");
            require(alertId, "alertId");
            require(ruleId, "ruleId");
            require(rule, "rule");
            require(fingerprint, "fingerprint");
            require(state, "state");
            require(at, "at");
            require(startsAt, "startsAt");
            require(metric, "metric");
            require(condition, "condition");
            try {
                return new AlertEvent(
                        eventId,
                        alertId,
                        ruleId,
                        rule,
                        fingerprint,
                        state,
                        previousState,
                        at,
                        startsAt,
                        endsAt,
                        labels,
                        annotations,
                        metric,
                        service,
                        condition,
                        value,
                        unit,
                        threshold,
                        baseline,
                        errorBound,
                        headroomPercent,
                        suspectDeploys,
                        notify,
                        summary,
                        silenced);
            } catch (IllegalArgumentException ex) {
                throw new DecodingException("invalid alert event: " + ex.getMessage(), ex);
            }
        }

        private static void require(Object value, String name) throws DecodingException {
            if (value == null) {
                throw new DecodingException("alert event lacks the field '" + name + "'");
            }
        }
    }

    private static String text(JsonParser p, String name) throws IOException, DecodingException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_STRING) {
            throw new DecodingException("alert event field '" + name + "' must be a string");
        }
        return p.getText();
    }

    private static AlertState state(JsonParser p, String name)
            throws IOException, DecodingException {
        String s = text(p, name);
        if (s == null) {
            return null;
        }
        try {
            return AlertState.ofWireName(s);
        } catch (IllegalArgumentException ex) {
            throw new DecodingException("alert event field '" + name + "': " + ex.getMessage(), ex);
        }
    }

    private static Instant instant(JsonParser p, String name)
            throws IOException, DecodingException {
        String s = text(p, name);
        if (s == null) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException ex) {
            throw new DecodingException(
                    "alert event field '" + name + "' must be an RFC 3339 time, found '" + s + "'",
                    ex);
        }
    }

    private static BigDecimal decimal(JsonParser p, String name)
            throws IOException, DecodingException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            // Tolerated on input (a hand-written event); exact as written.
            return new BigDecimal(p.getText());
        }
        String s = text(p, name);
        if (s == null) {
            return null;
        }
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException ex) {
            throw new DecodingException(
                    "alert event field '" + name + "' must be a decimal, found '" + s + "'", ex);
        }
    }

    private static Map<String, String> map(JsonParser p, String name)
            throws IOException, DecodingException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new DecodingException("alert event field '" + name + "' must be an object");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String key = p.currentName();
            p.nextToken();
            String v = text(p, name + "." + key);
            if (v != null) {
                map.put(key, v);
            }
        }
        return map;
    }

    private static List<String> strings(JsonParser p, String name)
            throws IOException, DecodingException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new DecodingException("alert event field '" + name + "' must be an array");
        }
        List<String> list = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            String v = text(p, name + "[]");
            if (v != null) {
                list.add(v);
            }
        }
        return list;
    }

    private static List<SuspectDeploy> deploys(JsonParser p) throws IOException, DecodingException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new DecodingException("alert event field 'suspectDeploys' must be an array");
        }
        List<SuspectDeploy> list = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.START_OBJECT) {
                throw new DecodingException("alert event field 'suspectDeploys' must hold objects");
            }
            String service = null;
            String version = null;
            Instant at = null;
            for (JsonToken f = p.nextToken(); f == JsonToken.FIELD_NAME; f = p.nextToken()) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "service" -> service = text(p, "suspectDeploys[].service");
                    case "version" -> version = text(p, "suspectDeploys[].version");
                    case "at" -> at = instant(p, "suspectDeploys[].at");
                    default -> p.skipChildren();
                }
            }
            if (service == null || version == null || at == null) {
                throw new DecodingException(
                        "alert event suspectDeploys entries need service, version and at");
            }
            list.add(new SuspectDeploy(service, version, at));
        }
        return list;
    }
}
