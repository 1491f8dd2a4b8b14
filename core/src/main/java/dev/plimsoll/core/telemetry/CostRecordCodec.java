package dev.plimsoll.core.telemetry;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * JSON encoding of {@link CostRecord}s, topic {@code telemetry.costs.v1}.
 *
 * <p>Input: {@code recordId}, {@code service}, {@code resourceId}, {@code chargePeriodStart},
 * {@code chargePeriodEnd} (RFC 3339 or epoch milliseconds), {@code cost} (a JSON number or a
 * decimal string, both read exactly), {@code currency}, {@code tags} (an object of scalar values).
 * Canonical output writes {@code cost} as a decimal <em>string</em> ({@code
 * "cost":"12.3400000001"}) so that no consumer reads money through a binary floating-point number,
 * and timestamps as UTC RFC 3339 with six fraction digits; {@code service} and {@code resourceId}
 * are omitted when absent.
 *
 * <p>Immutable and thread-safe.
 */
public final class CostRecordCodec implements TelemetryCodec<CostRecord> {

    private final Clock clock;

    private CostRecordCodec(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A codec using the system clock (cost records have no "future" rule; kept for symmetry). */
    public static CostRecordCodec create() {
        return new CostRecordCodec(Clock.systemUTC());
    }

    @Override
    public String topic() {
        return TelemetryTopics.COSTS;
    }

    @Override
    public String key(CostRecord value) {
        return value.service() == null ? "" : value.service();
    }

    @Override
    public byte[] encode(CostRecord c) {
        ByteArrayBuilder out = new ByteArrayBuilder(256);
        try (JsonGenerator g = JsonSupport.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("recordId", c.recordId());
            if (c.service() != null) {
                g.writeStringField("service", c.service());
            }
            if (c.resourceId() != null) {
                g.writeStringField("resourceId", c.resourceId());
            }
            g.writeStringField("chargePeriodStart", format(c.chargePeriodStart()));
            g.writeStringField("chargePeriodEnd", format(c.chargePeriodEnd()));
            g.writeStringField("cost", c.cost().toPlainString());
            g.writeStringField("currency", c.currency());
            g.writeObjectFieldStart("tags");
            for (Map.Entry<String, String> tag : c.tags().entrySet()) {
                g.writeStringField(tag.getKey(), tag.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    private static String format(Instant t) {
        return Timestamps.formatMicros(t.getEpochSecond() * 1_000_000 + t.getNano() / 1000);
    }

    @Override
    public Validation<CostRecord> decode(byte[] json) throws MalformedTelemetryException {
        return JsonSupport.decodeOne(json, reader(), clock.millis() * 1000);
    }

    @Override
    public JsonRecordReader<CostRecord> reader() {
        return new Reader();
    }

    private static final class Reader implements JsonRecordReader<CostRecord> {

        private final CostRecordDraft draft = new CostRecordDraft();
        private final String[] problem = new String[1];

        @Override
        public Validation<CostRecord> read(JsonParser p, long nowMicros) throws IOException {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                return JsonSupport.notAnObject(p);
            }
            CostRecordDraft d = draft.reset();
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "recordId":
                        d.recordId(string(p, v, name, true, d));
                        break;
                    case "service":
                        d.service(string(p, v, name, false, d));
                        break;
                    case "resourceId":
                        d.resourceId(string(p, v, name, false, d));
                        break;
                    case "chargePeriodStart":
                        problem[0] = null;
                        long start = JsonSupport.timestamp(p, v, problem);
                        if (problem[0] != null) {
                            d.problem(name, problem[0]);
                        } else if (start != Long.MAX_VALUE) {
                            d.chargePeriodStartMicros(start);
                        }
                        break;
                    case "chargePeriodEnd":
                        problem[0] = null;
                        long end = JsonSupport.timestamp(p, v, problem);
                        if (problem[0] != null) {
                            d.problem(name, problem[0]);
                        } else if (end != Long.MAX_VALUE) {
                            d.chargePeriodEndMicros(end);
                        }
                        break;
                    case "cost":
                        if (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT) {
                            d.cost(p.getDecimalValue());
                        } else if (v == JsonToken.VALUE_STRING) {
                            d.costText(p.getText());
                        } else if (v != JsonToken.VALUE_NULL) {
                            d.problem("cost", JsonSupport.wrongType(p, "a decimal number"));
                        }
                        break;
                    case "currency":
                        d.currency(string(p, v, name, false, d));
                        break;
                    case "tags":
                        tags(p, v, d);
                        break;
                    default:
                        p.skipChildren();
                }
            }
            return d.validate();
        }

        private static void tags(JsonParser p, JsonToken v, CostRecordDraft d) throws IOException {
            if (v == JsonToken.VALUE_NULL) {
                return;
            }
            if (v != JsonToken.START_OBJECT) {
                d.problem("tags", JsonSupport.wrongType(p, "an object of strings"));
                return;
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String key = p.currentName();
                JsonToken tv = p.nextToken();
                if (tv.isScalarValue() && tv != JsonToken.VALUE_NULL) {
                    d.tag(key, p.getText());
                } else if (tv != JsonToken.VALUE_NULL) {
                    d.problem("tags." + key, JsonSupport.wrongType(p, "a string"));
                }
            }
        }

        private static String string(
                JsonParser p, JsonToken v, String field, boolean allowNumber, CostRecordDraft d)
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
