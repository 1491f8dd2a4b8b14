package dev.plimsoll.core.telemetry;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Objects;

/**
 * JSON encoding of {@link RequestEvent}s, topic {@code telemetry.requests.v1}.
 *
 * <p>Input (see {@code docs/telemetry-v1.md}): {@code service}, {@code operation}, {@code start}
 * (RFC 3339 string or epoch-millisecond number), {@code durationMs} (number {@code >= 0}), {@code
 * status} (100-599, or {@code "ok"} / {@code "error"}, default ok), {@code error} (boolean,
 * optional), {@code userId} (string or integer), {@code tenant}. Unknown fields are ignored.
 *
 * <p>Canonical output, what ingest writes to Kafka: {@code {"service":"orders","operation":"GET
 * /orders/{id}","start":"2026-03-01T12:00:00.250000Z",
 * "durationMs":12.5,"status":200,"error":false,"userId":"u-1","tenant":"acme"}} with {@code start}
 * in UTC with six fraction digits, {@code status} as {@code "ok"}/{@code "error"} when no code was
 * given, and {@code userId}/{@code tenant} omitted when absent. {@code decode(encode(e))} equals
 * {@code e} for every valid event.
 *
 * <p>Cost: one streaming pass, no tree, no reflection; an accepted event allocates only the record
 * and its strings (see {@code DecodeBenchmark}). Immutable and thread-safe.
 */
public final class RequestEventCodec implements TelemetryCodec<RequestEvent> {

    private final Clock clock;

    private RequestEventCodec(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A codec that judges "in the future" against the system clock. */
    public static RequestEventCodec create() {
        return new RequestEventCodec(Clock.systemUTC());
    }

    /** A codec that judges "in the future" against {@code clock}. */
    public static RequestEventCodec withClock(Clock clock) {
        return new RequestEventCodec(clock);
    }

    @Override
    public String topic() {
        return TelemetryTopics.REQUESTS;
    }

    @Override
    public String key(RequestEvent value) {
        return value.service();
    }

    @Override
    public byte[] encode(RequestEvent e) {
        ByteArrayBuilder out = new ByteArrayBuilder(256);
        char[] time = new char[Timestamps.FORMATTED_LENGTH];
        try (JsonGenerator g = JsonSupport.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("service", e.service());
            g.writeStringField("operation", e.operation());
            Timestamps.formatMicros(e.startMicros(), time, 0);
            g.writeFieldName("start");
            g.writeString(time, 0, time.length);
            g.writeNumberField("durationMs", e.durationMs());
            if (e.status() == RequestEvent.NO_STATUS) {
                g.writeStringField("status", e.error() ? "error" : "ok");
            } else {
                g.writeNumberField("status", e.status());
            }
            g.writeBooleanField("error", e.error());
            if (e.userId() != null) {
                g.writeStringField("userId", e.userId());
            }
            if (e.tenant() != null) {
                g.writeStringField("tenant", e.tenant());
            }
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex); // writing to memory does not fail
        }
        return out.toByteArray();
    }

    @Override
    public Validation<RequestEvent> decode(byte[] json) throws MalformedTelemetryException {
        return JsonSupport.decodeOne(json, reader(), clock.millis() * 1000);
    }

    /** The current time by this codec's clock, epoch microseconds. */
    public long nowMicros() {
        return clock.millis() * 1000;
    }

    @Override
    public Reader reader() {
        return new Reader();
    }

    /** Reads request events with one reusable draft. Not thread-safe. */
    public static final class Reader implements JsonRecordReader<RequestEvent> {

        private final RequestEventDraft draft = new RequestEventDraft();
        private final String[] problem = new String[1];

        @Override
        public Validation<RequestEvent> read(JsonParser p, long nowMicros) throws IOException {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                return JsonSupport.notAnObject(p);
            }
            RequestEventDraft d = draft.reset();
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "service":
                        d.service(string(p, v, "service", false, d));
                        break;
                    case "operation":
                        d.operation(string(p, v, "operation", false, d));
                        break;
                    case "start":
                        problem[0] = null;
                        long micros = JsonSupport.timestamp(p, v, problem);
                        if (problem[0] != null) {
                            d.problem("start", problem[0]);
                        } else if (micros != Long.MAX_VALUE) {
                            d.startMicros(micros);
                        }
                        break;
                    case "durationMs":
                        if (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT) {
                            d.durationMs(p.getDoubleValue());
                        } else if (v != JsonToken.VALUE_NULL) {
                            d.problem("durationMs", JsonSupport.wrongType(p, "a number"));
                        }
                        break;
                    case "status":
                        status(p, v, d);
                        break;
                    case "error":
                        if (v == JsonToken.VALUE_TRUE || v == JsonToken.VALUE_FALSE) {
                            d.error(v == JsonToken.VALUE_TRUE);
                        } else if (v != JsonToken.VALUE_NULL) {
                            d.problem("error", JsonSupport.wrongType(p, "a boolean"));
                        }
                        break;
                    case "userId":
                        d.userId(string(p, v, "userId", true, d));
                        break;
                    case "tenant":
                        d.tenant(string(p, v, "tenant", false, d));
                        break;
                    default:
                        p.skipChildren();
                }
            }
            return d.validate(nowMicros);
        }

        private static void status(JsonParser p, JsonToken v, RequestEventDraft d)
                throws IOException {
            switch (v) {
                case VALUE_NUMBER_INT:
                    try {
                        d.status(p.getIntValue());
                    } catch (InputCoercionException e) {
                        d.statusText(p.getText());
                    }
                    break;
                case VALUE_STRING:
                    d.statusText(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                    break;
                case VALUE_NULL:
                    break;
                default:
                    d.problem(
                            "status",
                            JsonSupport.wrongType(
                                    p, "an HTTP status code (100-599), \"ok\" or \"error\""));
            }
        }

        private static String string(
                JsonParser p, JsonToken v, String field, boolean allowNumber, RequestEventDraft d)
                throws IOException {
            String s = JsonSupport.text(p, v, allowNumber);
            if (s == JsonSupport.WRONG) {
                d.problem(field, JsonSupport.wrongType(p, "a string"));
                return null;
            }
            return s;
        }
    }
}
