package dev.plimsoll.alerts.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * An RFC 9457 problem detail ({@code application/problem+json}), the same shape as the query API's:
 * {@code type}, {@code title}, {@code status}, {@code detail}, {@code instance}, and for 400 every
 * bad field in {@code invalidParams}.
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

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(
            HttpStatus status, String kind, String title, String detail, String path) {
        return new Problem(
                "urn:plimsoll:problem:" + kind, title, status.getCode(), detail, path, null);
    }

    public MutableHttpResponse<Problem> toResponse() {
        return HttpResponse.<Problem>status(HttpStatus.valueOf(status))
                .contentType(MEDIA_TYPE)
                .body(this);
    }
}
