package dev.plimsoll.core.telemetry;

import java.util.Objects;

/**
 * A record rejected at intake (topic {@code telemetry.deadletter.v1}): why, where it came from, and
 * the record as it was sent, so that it can be inspected, fixed and replayed. Immutable and
 * thread-safe.
 *
 * @param topic the topic the record was meant for, e.g. {@code telemetry.requests.v1}
 * @param source how it arrived, e.g. {@code POST /api/v1/ingest/requests} or {@code POST
 *     /v1/traces}
 * @param index the record's 0-based position in its batch
 * @param field the offending field (see {@link Validation.Rejected#field()})
 * @param error the full message, {@code field: problem}
 * @param raw the record as sent (JSON text, a CSV row, or an OTLP span as JSON), at most {@link
 *     #MAX_RAW_CHARS} characters
 * @param rawTruncated whether {@code raw} was cut to {@link #MAX_RAW_CHARS}
 * @param receivedAtMicros when intake received it, epoch microseconds
 */
public record DeadLetter(
        String topic,
        String source,
        int index,
        String field,
        String error,
        String raw,
        boolean rawTruncated,
        long receivedAtMicros) {

    /** Longest raw record kept, so that a dead letter always fits a default Kafka message. */
    public static final int MAX_RAW_CHARS = 64 * 1024;

    public DeadLetter {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(raw, "raw");
    }

    /** A dead letter for {@code rejected}, cutting {@code raw} to {@link #MAX_RAW_CHARS}. */
    public static DeadLetter of(
            String topic, String source, RejectedRecord rejected, long receivedAtMicros) {
        String raw = rejected.raw();
        boolean cut = raw.length() > MAX_RAW_CHARS;
        return new DeadLetter(
                topic,
                source,
                rejected.index(),
                rejected.field(),
                rejected.message(),
                cut ? raw.substring(0, MAX_RAW_CHARS) : raw,
                cut,
                receivedAtMicros);
    }
}
