package dev.plimsoll.core.telemetry;

import java.util.Objects;

/**
 * One served request (telemetry contract v1, topic {@code telemetry.requests.v1}).
 *
 * <p>A value that has passed validation: {@code service} and {@code operation} are non-blank,
 * {@code durationMs} is finite and not negative. Times are epoch microseconds so that OTLP's
 * nanosecond spans and RFC 3339 timestamps with fractions keep sub-millisecond precision for the
 * concurrency sweep, without allocating an {@link java.time.Instant} per event.
 *
 * @param service the service that served the request, e.g. {@code orders}
 * @param operation the operation or route template, e.g. {@code GET /orders/{id}}
 * @param startMicros request start, epoch microseconds (UTC)
 * @param durationMs request duration in milliseconds, {@code >= 0}
 * @param status the HTTP-like status code, or {@link #NO_STATUS} when only ok/error was given
 * @param error whether the request failed: a status {@code >= 500} or an explicit error
 * @param userId the end user, or {@code null} when unknown
 * @param tenant the tenant, or {@code null} when the telemetry carries none
 */
public record RequestEvent(
        String service,
        String operation,
        long startMicros,
        double durationMs,
        int status,
        boolean error,
        String userId,
        String tenant) {

    /** The status of an event that carried only {@code ok} or {@code error}, or no status. */
    public static final int NO_STATUS = 0;

    public RequestEvent {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(operation, "operation");
        if (!(durationMs >= 0) || Double.isInfinite(durationMs)) {
            throw new IllegalArgumentException(
                    "durationMs must be a finite number >= 0, but was " + durationMs);
        }
    }

    /** This event with {@code tenant} in place of its own (which may be {@code null}). */
    public RequestEvent withTenant(String tenant) {
        return new RequestEvent(
                service, operation, startMicros, durationMs, status, error, userId, tenant);
    }

    /** Request end, epoch microseconds, rounded to the nearest microsecond. */
    public long endMicros() {
        return startMicros + Math.round(durationMs * 1000.0);
    }
}
