package dev.plimsoll.ingest.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * An RFC 9457 problem detail ({@code application/problem+json}); for malformed bodies it carries
 * the position of the problem.
 *
 * @param type a URN naming the kind of problem, e.g. {@code urn:plimsoll:problem:malformed-body}
 * @param title short summary of the kind
 * @param status the HTTP status
 * @param detail what exactly went wrong, for a person
 * @param instance the request path
 * @param line 1-based line of a malformed body, when known
 * @param column 1-based column of a malformed body, when known
 * @param offset 0-based byte offset of a malformed body, when known
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        @Nullable String instance,
        @Nullable Long line,
        @Nullable Long column,
        @Nullable Long offset) {

    /** The media type of problem responses. */
    public static final String MEDIA_TYPE = "application/problem+json";

    static Problem of(String kind, String title, int status, String detail, String instance) {
        return new Problem(
                "urn:plimsoll:problem:" + kind, title, status, detail, instance, null, null, null);
    }

    /** This problem with the position of the problem in a malformed body (each when known). */
    Problem withPosition(@Nullable Long line, @Nullable Long column, @Nullable Long offset) {
        return new Problem(type, title, status, detail, instance, line, column, offset);
    }
}
