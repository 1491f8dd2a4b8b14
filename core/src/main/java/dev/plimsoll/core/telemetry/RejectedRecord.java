package dev.plimsoll.core.telemetry;

import java.util.Objects;

/**
 * One invalid record of a batch. Immutable and thread-safe.
 *
 * @param index 0-based position in the batch
 * @param field the offending field
 * @param problem what is wrong with it
 * @param raw the record as sent (JSON text, CSV row, ...)
 */
public record RejectedRecord(int index, String field, String problem, String raw) {

    public RejectedRecord {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(raw, "raw");
    }

    /** {@code field: problem}. */
    public String message() {
        return field + ": " + problem;
    }
}
