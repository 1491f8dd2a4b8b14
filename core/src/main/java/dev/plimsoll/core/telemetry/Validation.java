package dev.plimsoll.core.telemetry;

import java.util.Objects;

/**
 * The outcome of validating one telemetry record: either the {@link Accepted} value or a {@link
 * Rejected} naming the field and the problem.
 *
 * <p>A rejected business input is a value, not an exception: a batch of 10 000 records with three
 * bad ones yields 9 997 {@code Accepted} and 3 {@code Rejected}, and the caller decides what to do
 * (reply with the indexes, write dead letters). Immutable and thread-safe.
 *
 * @param <T> the validated record type
 */
public sealed interface Validation<T> permits Validation.Accepted, Validation.Rejected {

    /** A valid record. */
    record Accepted<T>(T value) implements Validation<T> {
        public Accepted {
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * An invalid record.
     *
     * @param field the offending field in contract v1 terms (e.g. {@code durationMs}, {@code
     *     tags.team}), or {@code record} when the record as a whole is unusable (not an object)
     * @param problem what is wrong, as a sentence fragment that reads after the field name, e.g.
     *     {@code must be >= 0, was -5}
     */
    record Rejected<T>(String field, String problem) implements Validation<T> {
        public Rejected {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(problem, "problem");
        }

        /** {@code field: problem}, the message shown to senders and stored with dead letters. */
        public String message() {
            return field + ": " + problem;
        }
    }

    /** Shorthand for {@code new Accepted<>(value)}. */
    static <T> Validation<T> accepted(T value) {
        return new Accepted<>(value);
    }

    /** Shorthand for {@code new Rejected<>(field, problem)}. */
    static <T> Validation<T> rejected(String field, String problem) {
        return new Rejected<>(field, problem);
    }

    /** Whether this is an {@link Accepted}. */
    default boolean isAccepted() {
        return this instanceof Accepted;
    }
}
