package dev.plimsoll.core.telemetry;

/**
 * The fields of one deploy marker as a transport delivered them, before validation. Setters never
 * throw; the first problem is reported by {@link #validate(long)}. Mutable, not thread-safe.
 */
public final class DeployMarkerDraft {

    private String service;
    private String version;
    private long at = Timestamps.INVALID;
    private String problemField;
    private String problem;

    /** Clears every field and problem, for reuse. */
    public DeployMarkerDraft reset() {
        service = null;
        version = null;
        at = Timestamps.INVALID;
        problemField = null;
        problem = null;
        return this;
    }

    /** {@code service}; {@code null} means absent. */
    public DeployMarkerDraft service(String value) {
        this.service = value;
        return this;
    }

    /** {@code version}; {@code null} means absent. */
    public DeployMarkerDraft version(String value) {
        this.version = value;
        return this;
    }

    /** {@code at} in epoch microseconds. */
    public DeployMarkerDraft atMicros(long micros) {
        this.at = micros;
        return this;
    }

    /** {@code at} as RFC 3339 or epoch milliseconds text. */
    public DeployMarkerDraft atText(String text) {
        long micros = Timestamps.parseMicros(text);
        if (micros == Timestamps.INVALID) {
            return problem("at", Problems.notTimestamp(text));
        }
        return atMicros(micros);
    }

    /** Records a decoding problem; only the first is kept and it wins over validation. */
    public DeployMarkerDraft problem(String field, String description) {
        if (problemField == null) {
            problemField = field;
            problem = description;
        }
        return this;
    }

    /**
     * Validates the draft against contract v1 rules.
     *
     * @param nowMicros the current time, epoch microseconds: an {@code at} more than 24 hours after
     *     it is rejected
     */
    public Validation<DeployMarker> validate(long nowMicros) {
        if (problemField != null) {
            return Validation.rejected(problemField, problem);
        }
        String p;
        if ((p = Problems.checkName(service, TelemetryLimits.MAX_NAME_LENGTH)) != null) {
            return Validation.rejected("service", p);
        }
        if ((p = Problems.checkName(version, TelemetryLimits.MAX_NAME_LENGTH)) != null) {
            return Validation.rejected("version", p);
        }
        if (at == Timestamps.INVALID) {
            return Validation.rejected("at", Problems.required());
        }
        if (at < TelemetryLimits.MIN_TIME_MICROS) {
            return Validation.rejected("at", Problems.tooEarly(at));
        }
        if (at - nowMicros > TelemetryLimits.MAX_FUTURE_MICROS) {
            return Validation.rejected("at", Problems.tooFarInFuture(at, nowMicros));
        }
        return Validation.accepted(
                new DeployMarker(service, version, CostRecordDraft.toInstant(at)));
    }
}
