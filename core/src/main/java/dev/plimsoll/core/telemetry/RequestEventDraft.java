package dev.plimsoll.core.telemetry;

/**
 * The fields of one request event as a transport delivered them, before validation. Decoders (JSON,
 * OTLP) fill a draft field by field and then call {@link #validate(long)}.
 *
 * <p>Setters never throw: a value of the wrong kind is recorded as the draft's first problem and
 * reported by {@code validate}. A draft is reusable after {@link #reset()}; the accepted path
 * allocates nothing but the {@link RequestEvent} itself (and its strings, owned by the caller).
 * Mutable, not thread-safe.
 */
public final class RequestEventDraft {

    private String service;
    private String operation;
    private long startMicros;
    private boolean hasStart;
    private double durationMs;
    private boolean hasDuration;
    private int status;
    private boolean error;
    private String userId;
    private String tenant;
    private String problemField;
    private String problem;

    /** Clears every field and problem, for reuse. */
    public RequestEventDraft reset() {
        service = null;
        operation = null;
        startMicros = 0;
        hasStart = false;
        durationMs = 0;
        hasDuration = false;
        status = RequestEvent.NO_STATUS;
        error = false;
        userId = null;
        tenant = null;
        problemField = null;
        problem = null;
        return this;
    }

    /** {@code service}; {@code null} means absent. */
    public RequestEventDraft service(String value) {
        this.service = value;
        return this;
    }

    /** {@code operation}; {@code null} means absent. */
    public RequestEventDraft operation(String value) {
        this.operation = value;
        return this;
    }

    /**
     * {@code start} in epoch microseconds; {@link Timestamps#INVALID} records an out-of-range
     * problem.
     */
    public RequestEventDraft startMicros(long epochMicros) {
        if (epochMicros == Timestamps.INVALID) {
            return problem("start", "is out of range");
        }
        this.startMicros = epochMicros;
        this.hasStart = true;
        return this;
    }

    /** {@code start} as text: RFC 3339 or epoch milliseconds. */
    public RequestEventDraft startText(char[] buf, int off, int len) {
        long micros = Timestamps.parseMicros(buf, off, len);
        if (micros == Timestamps.INVALID) {
            return problem("start", Problems.notTimestamp(new String(buf, off, len)));
        }
        return startMicros(micros);
    }

    /** {@code start} as text: RFC 3339 or epoch milliseconds. */
    public RequestEventDraft startText(String text) {
        char[] chars = text.toCharArray();
        return startText(chars, 0, chars.length);
    }

    /** {@code durationMs}; validation rejects negative, NaN and infinite values. */
    public RequestEventDraft durationMs(double value) {
        this.durationMs = value;
        this.hasDuration = true;
        return this;
    }

    /** An HTTP-like status code; {@code >= 500} marks the event as an error. */
    public RequestEventDraft status(int code) {
        this.status = code;
        return this;
    }

    /** {@code status} as text: {@code ok}, {@code error} (any case) or digits of a status code. */
    public RequestEventDraft statusText(char[] buf, int off, int len) {
        if (equalsIgnoreCase(buf, off, len, "ok")) {
            this.status = RequestEvent.NO_STATUS;
            return this;
        }
        if (equalsIgnoreCase(buf, off, len, "error")) {
            this.status = RequestEvent.NO_STATUS;
            this.error = true;
            return this;
        }
        int code = 0;
        if (len < 1 || len > 3) {
            return badStatus(new String(buf, off, len));
        }
        for (int i = off; i < off + len; i++) {
            char c = buf[i];
            if (c < '0' || c > '9') {
                return badStatus(new String(buf, off, len));
            }
            code = code * 10 + (c - '0');
        }
        return status(code);
    }

    /** {@code status} as text: {@code ok}, {@code error} (any case) or digits of a status code. */
    public RequestEventDraft statusText(String text) {
        char[] chars = text.toCharArray();
        return statusText(chars, 0, chars.length);
    }

    private RequestEventDraft badStatus(String text) {
        return problem(
                "status",
                "must be an HTTP status code (100-599), \"ok\" or \"error\", was "
                        + Problems.quote(text));
    }

    /** Marks the event as failed whatever its status code (e.g. an OTLP span status ERROR). */
    public RequestEventDraft error(boolean value) {
        this.error |= value;
        return this;
    }

    /** {@code userId}; {@code null} or empty means unknown. */
    public RequestEventDraft userId(String value) {
        this.userId = value;
        return this;
    }

    /** {@code tenant}; {@code null} or empty means none. */
    public RequestEventDraft tenant(String value) {
        this.tenant = value;
        return this;
    }

    /**
     * Records a problem found while decoding (e.g. a field of the wrong JSON type). Only the first
     * problem is kept; it wins over anything {@link #validate} would find.
     */
    public RequestEventDraft problem(String field, String description) {
        if (problemField == null) {
            problemField = field;
            problem = description;
        }
        return this;
    }

    /**
     * Validates the draft against contract v1 rules.
     *
     * @param nowMicros the current time, epoch microseconds: a start more than 24 hours after it is
     *     rejected
     */
    public Validation<RequestEvent> validate(long nowMicros) {
        if (problemField != null) {
            return Validation.rejected(problemField, problem);
        }
        String p;
        if ((p = Problems.checkName(service, TelemetryLimits.MAX_NAME_LENGTH)) != null) {
            return Validation.rejected("service", p);
        }
        if ((p = Problems.checkName(operation, TelemetryLimits.MAX_OPERATION_LENGTH)) != null) {
            return Validation.rejected("operation", p);
        }
        if (!hasStart) {
            return Validation.rejected("start", Problems.required());
        }
        if (startMicros < TelemetryLimits.MIN_TIME_MICROS) {
            return Validation.rejected("start", Problems.tooEarly(startMicros));
        }
        if (startMicros - nowMicros > TelemetryLimits.MAX_FUTURE_MICROS) {
            return Validation.rejected("start", Problems.tooFarInFuture(startMicros, nowMicros));
        }
        if (!hasDuration) {
            return Validation.rejected("durationMs", Problems.required());
        }
        if (Double.isNaN(durationMs) || Double.isInfinite(durationMs)) {
            return Validation.rejected("durationMs", "must be a finite number, was " + durationMs);
        }
        if (durationMs < 0) {
            return Validation.rejected("durationMs", "must be >= 0, was " + durationMs);
        }
        if (status != RequestEvent.NO_STATUS && (status < 100 || status > 599)) {
            return Validation.rejected(
                    "status",
                    "must be an HTTP status code (100-599), \"ok\" or \"error\", was " + status);
        }
        if ((p = Problems.checkOptionalName(userId, TelemetryLimits.MAX_NAME_LENGTH)) != null) {
            return Validation.rejected("userId", p);
        }
        if ((p = Problems.checkOptionalName(tenant, TelemetryLimits.MAX_NAME_LENGTH)) != null) {
            return Validation.rejected("tenant", p);
        }
        return Validation.accepted(
                new RequestEvent(
                        service,
                        operation,
                        startMicros,
                        durationMs,
                        status,
                        error || status >= 500,
                        emptyToNull(userId),
                        emptyToNull(tenant)));
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    static boolean equalsIgnoreCase(char[] buf, int off, int len, String lower) {
        if (len != lower.length()) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (Character.toLowerCase(buf[off + i]) != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
