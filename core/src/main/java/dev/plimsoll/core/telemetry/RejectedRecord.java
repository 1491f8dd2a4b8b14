package dev.plimsoll.core.telemetry;

import java.util.Objects;

/**
 * One invalid record of a batch. Immutable and thread-safe.
 *
 * @param index 0-based position in the batch
 * @param field the offending field
 * @param problem what is wrong with it
 * @param raw the record as sent (JSON text, CSV row, ...)
 * @param line the 1-based line of the body where the record starts, or -1 when not known (JSON
 *     arrays); CSV rows have it
 */
public record RejectedRecord(int index, String field, String problem, String raw, int line) {

    public RejectedRecord {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(raw, "raw");
    }

    /** A rejected record whose line is not known. */
    public RejectedRecord(int index, String field, String problem, String raw) {
        this(index, field, problem, raw, -1);
    }

    /** {@code field: problem}. */
    public String message() {
        return field + ": " + problem;
    }
}
