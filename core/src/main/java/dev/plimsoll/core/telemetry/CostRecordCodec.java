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
 * decimal string, both read exactly), {@code currency}, {@code tags} (an object of scalar values),
 * {@code import} (an object, see {@link CostImport}: {@code billingAccountId}, {@code
 * billingPeriodStart}, {@code billingPeriodEnd}, {@code generation}, {@code rows}, {@code row},
 * {@code importedAt}). Canonical output writes {@code cost} as a decimal <em>string</em> ({@code
 * "cost":"12.3400000001"}) so that no consumer reads money through a binary floating-point number,
 * and timestamps as UTC RFC 3339 with six fraction digits; {@code service}, {@code resourceId} and
 * {@code import} are omitted when absent.
 *
 * <p>Kafka key: records of an import are keyed by its scope ({@code import:} + {@link
 * CostImport#scope()}), other records by {@code recordId}, so that every version of a billing line
 * (or every row of a billing period) lands on one partition, in order.
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
        return value.costImport() != null
                ? "import:" + value.costImport().scope()
                : value.recordId();
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
            CostImport i = c.costImport();
            if (i != null) {
                g.writeObjectFieldStart("import");
                g.writeStringField("billingAccountId", i.billingAccountId());
                g.writeStringField("billingPeriodStart", format(i.billingPeriodStart()));
                g.writeStringField("billingPeriodEnd", format(i.billingPeriodEnd()));
                g.writeStringField("generation", i.generation());
                g.writeNumberField("rows", i.rows());
                g.writeNumberField("row", i.row());
                g.writeStringField("importedAt", format(i.importedAt()));
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    /** An instant as the contract writes it (RFC 3339, UTC, microseconds). */
    static String format(Instant t) {
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
                    case "import":
                        importInfo(p, v, d);
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

        private void importInfo(JsonParser p, JsonToken v, CostRecordDraft d) throws IOException {
            if (v == JsonToken.VALUE_NULL) {
                return;
            }
            if (v != JsonToken.START_OBJECT) {
                d.problem("import", JsonSupport.wrongType(p, "an object"));
                return;
            }
            String account = null;
            String generation = null;
            long start = Long.MAX_VALUE;
            long end = Long.MAX_VALUE;
            long at = Long.MAX_VALUE;
            long rows = -1;
            long row = -1;
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken fv = p.nextToken();
                switch (name) {
                    case "billingAccountId" -> account = string(p, fv, "import." + name, true, d);
                    case "generation" -> generation = string(p, fv, "import." + name, false, d);
                    case "billingPeriodStart" -> start = time(p, fv, "import." + name, d);
                    case "billingPeriodEnd" -> end = time(p, fv, "import." + name, d);
                    case "importedAt" -> at = time(p, fv, "import." + name, d);
                    case "rows" -> rows = count(p, fv, "import." + name, d);
                    case "row" -> row = count(p, fv, "import." + name, d);
                    default -> p.skipChildren();
                }
            }
            String problem;
            if ((problem = Problems.checkName(account, TelemetryLimits.MAX_NAME_LENGTH)) != null) {
                d.problem("import.billingAccountId", problem);
            } else if ((problem = Problems.checkName(generation, CostImport.MAX_GENERATION_LENGTH))
                    != null) {
                d.problem("import.generation", problem);
            } else if (start == Long.MAX_VALUE) {
                d.problem("import.billingPeriodStart", Problems.required());
            } else if (end == Long.MAX_VALUE) {
                d.problem("import.billingPeriodEnd", Problems.required());
            } else if (end <= start) {
                d.problem("import.billingPeriodEnd", "must be after import.billingPeriodStart");
            } else if (at == Long.MAX_VALUE) {
                d.problem("import.importedAt", Problems.required());
            } else if (rows < 1) {
                d.problem("import.rows", "must be an integer >= 1");
            } else if (row < 0 || row >= rows) {
                d.problem("import.row", "must be an integer from 0 to import.rows - 1");
            } else {
                d.costImport(
                        new CostImport(
                                account,
                                CostRecordDraft.toInstant(start),
                                CostRecordDraft.toInstant(end),
                                generation,
                                (int) rows,
                                (int) row,
                                CostRecordDraft.toInstant(at)));
            }
        }

        private long time(JsonParser p, JsonToken v, String field, CostRecordDraft d)
                throws IOException {
            problem[0] = null;
            long micros = JsonSupport.timestamp(p, v, problem);
            if (problem[0] != null) {
                d.problem(field, problem[0]);
                return Long.MAX_VALUE;
            }
            return micros;
        }

        private static long count(JsonParser p, JsonToken v, String field, CostRecordDraft d)
                throws IOException {
            if (v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
                return p.getIntValue();
            }
            d.problem(field, JsonSupport.wrongType(p, "an integer"));
            p.skipChildren();
            return -1;
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
