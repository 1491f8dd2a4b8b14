package dev.plimsoll.queryapi.problem;

import dev.plimsoll.queryapi.params.InvalidParameter;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * An RFC 9457 problem detail, sent as {@code application/problem+json}. Never carries a stack trace
 * or an internal exception message.
 *
 * @param type a URN naming the kind of problem, e.g. {@code
 *     urn:plimsoll:problem:invalid-parameters}
 * @param title a short summary of the kind
 * @param status the HTTP status
 * @param detail what went wrong in this request, as a full sentence
 * @param instance the request path
 * @param invalidParams for 400: every rejected parameter with its reason
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        @Nullable String instance,
        @Nullable List<InvalidParameter> invalidParams) {

    /** The media type of problem responses. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** A problem of kind {@code kind} (the last part of the type URN). */
    public static Problem of(
            HttpStatus status, String kind, String title, String detail, String path) {
        return new Problem(
                "urn:plimsoll:problem:" + kind, title, status.getCode(), detail, path, null);
    }

    /** This problem as a response with its status and media type. */
    public MutableHttpResponse<Problem> toResponse() {
        return HttpResponse.<Problem>status(HttpStatus.valueOf(status))
                .contentType(MEDIA_TYPE)
                .body(this);
    }
}
