package dev.plimsoll.core.telemetry;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The fields of one cost record as a transport delivered them (JSON, FOCUS CSV), before validation.
 * Setters never throw; the first problem is reported by {@link #validate()}.
 *
 * <p>{@code service} is kept only when the sender named one (absent or blank means none): tags are
 * not read here, the cost job attributes unnamed costs by its configured tag keys ({@code
 * dev.plimsoll.core.cost.ServiceAttribution}). Mutable, not thread-safe.
 */
public final class CostRecordDraft {

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private String recordId;
    private String service;
    private String resourceId;
    private long start = Timestamps.INVALID;
    private long end = Timestamps.INVALID;
    private BigDecimal cost;
    private String currency;
    private final Map<String, String> tags = new LinkedHashMap<>();
    private CostImport costImport;
    private String problemField;
    private String problem;

    /** Clears every field and problem, for reuse. */
    public CostRecordDraft reset() {
        recordId = null;
        service = null;
        resourceId = null;
        start = Timestamps.INVALID;
        end = Timestamps.INVALID;
        cost = null;
        currency = null;
        tags.clear();
        costImport = null;
        problemField = null;
        problem = null;
        return this;
    }

    /** {@code recordId}; {@code null} means absent. */
    public CostRecordDraft recordId(String value) {
        this.recordId = value;
        return this;
    }

    /** {@code service}; {@code null} or blank falls back to the service tags. */
    public CostRecordDraft service(String value) {
        this.service = value;
        return this;
    }

    /** {@code resourceId}; {@code null} or empty means none. */
    public CostRecordDraft resourceId(String value) {
        this.resourceId = value;
        return this;
    }

    /** {@code chargePeriodStart} in epoch microseconds. */
    public CostRecordDraft chargePeriodStartMicros(long micros) {
        this.start = micros;
        return this;
    }

    /** {@code chargePeriodEnd} in epoch microseconds. */
    public CostRecordDraft chargePeriodEndMicros(long micros) {
        this.end = micros;
        return this;
    }

    /** {@code cost}, exact; {@code null} means absent. */
    public CostRecordDraft cost(BigDecimal value) {
        this.cost = value;
        return this;
    }

    /** {@code cost} as decimal text, e.g. {@code 12.3400000001}; parsed exactly. */
    public CostRecordDraft costText(String text) {
        try {
            return cost(new BigDecimal(text.strip()));
        } catch (NumberFormatException e) {
            return problem("cost", Problems.quote(text) + " is not a decimal number");
        }
    }

    /** {@code currency}; must be three upper-case letters. */
    public CostRecordDraft currency(String value) {
        this.currency = value;
        return this;
    }

    /** Adds one tag; a repeated key keeps the last value. */
    public CostRecordDraft tag(String key, String value) {
        if (key.isEmpty() || key.length() > TelemetryLimits.MAX_TAG_LENGTH) {
            return problem(
                    "tags",
                    "keys must be 1-" + TelemetryLimits.MAX_TAG_LENGTH + " characters long");
        }
        if (value.length() > TelemetryLimits.MAX_TAG_LENGTH) {
            return problem(
                    "tags." + key,
                    Problems.tooLong(TelemetryLimits.MAX_TAG_LENGTH, value.length()));
        }
        tags.put(key, value);
        if (tags.size() > TelemetryLimits.MAX_TAGS) {
            problem("tags", "must have at most " + TelemetryLimits.MAX_TAGS + " entries");
        }
        return this;
    }

    /** The import this record belongs to; {@code null} for none. */
    public CostRecordDraft costImport(CostImport value) {
        this.costImport = value;
        return this;
    }

    /** Records a decoding problem; only the first is kept and it wins over validation. */
    public CostRecordDraft problem(String field, String description) {
        if (problemField == null) {
            problemField = field;
            problem = description;
        }
        return this;
    }

    /** Validates the draft against contract v1 rules. */
    public Validation<CostRecord> validate() {
        if (problemField != null) {
            return Validation.rejected(problemField, problem);
        }
        String p;
        if ((p = Problems.checkName(recordId, TelemetryLimits.MAX_OPERATION_LENGTH)) != null) {
            return Validation.rejected("recordId", p);
        }
        String owner = service == null || service.isBlank() ? null : service;
        if ((p = Problems.checkOptionalName(owner, TelemetryLimits.MAX_NAME_LENGTH)) != null) {
            return Validation.rejected("service", p);
        }
        if ((p = Problems.checkOptionalName(resourceId, TelemetryLimits.MAX_OPERATION_LENGTH))
                != null) {
            return Validation.rejected("resourceId", p);
        }
        if (start == Timestamps.INVALID) {
            return Validation.rejected("chargePeriodStart", Problems.required());
        }
        if (start < TelemetryLimits.MIN_TIME_MICROS) {
            return Validation.rejected("chargePeriodStart", Problems.tooEarly(start));
        }
        if (end == Timestamps.INVALID) {
            return Validation.rejected("chargePeriodEnd", Problems.required());
        }
        if (end <= start) {
            return Validation.rejected(
                    "chargePeriodEnd",
                    "must be after chargePeriodStart "
                            + Timestamps.formatMicros(start)
                            + ", was "
                            + (end >= TelemetryLimits.MIN_TIME_MICROS
                                    ? Timestamps.formatMicros(end)
                                    : end + " epoch microseconds"));
        }
        if (end > 253_402_300_799_000_000L) {
            return Validation.rejected("chargePeriodEnd", "is after the year 9999");
        }
        if (end - start > TelemetryLimits.MAX_CHARGE_PERIOD_MICROS) {
            return Validation.rejected(
                    "chargePeriodEnd",
                    "must be at most 366 days after chargePeriodStart "
                            + Timestamps.formatMicros(start)
                            + ", was "
                            + Timestamps.formatMicros(end));
        }
        if (cost == null) {
            return Validation.rejected("cost", Problems.required());
        }
        BigDecimal exact = cost.stripTrailingZeros();
        if (exact.scale() > TelemetryLimits.MAX_COST_SCALE) {
            return Validation.rejected(
                    "cost",
                    "must have at most "
                            + TelemetryLimits.MAX_COST_SCALE
                            + " decimal places (stored as Decimal(38, 18)), was "
                            + cost.toPlainString());
        }
        if (exact.precision() - exact.scale() > TelemetryLimits.MAX_COST_INTEGER_DIGITS) {
            return Validation.rejected(
                    "cost",
                    "must be less than 10^"
                            + TelemetryLimits.MAX_COST_INTEGER_DIGITS
                            + " in magnitude (stored as Decimal(38, 18), with room for sums)");
        }
        if (currency == null) {
            return Validation.rejected("currency", Problems.required());
        }
        if (!CURRENCY.matcher(currency).matches()) {
            return Validation.rejected(
                    "currency",
                    "must be an ISO 4217 code of three upper-case letters (e.g. USD), was "
                            + Problems.quote(currency));
        }
        return Validation.accepted(
                new CostRecord(
                        recordId,
                        owner,
                        resourceId == null || resourceId.isEmpty() ? null : resourceId,
                        toInstant(start),
                        toInstant(end),
                        exact.scale() < 0 ? exact.setScale(0) : exact,
                        currency,
                        tags,
                        costImport));
    }

    static Instant toInstant(long micros) {
        return Instant.ofEpochSecond(
                Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1000L);
    }
}
