package dev.plimsoll.notify.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * An RFC 9457 problem detail ({@code application/problem+json}).
 *
 * @param type a URN naming the kind, e.g. {@code urn:plimsoll:problem:invalid-contact-point}
 * @param title short summary of the kind
 * @param status the HTTP status
 * @param detail what exactly went wrong (never a webhook URL or secret)
 * @param instance the request path
 * @param invalidParams every invalid field, for 400s
 * @param responseCode the receiver's HTTP status, for a failed test send
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        @Nullable String instance,
        @Nullable List<InvalidParam> invalidParams,
        @Nullable Integer responseCode) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One invalid field. */
    @Serdeable
    public record InvalidParam(String name, String reason) {}

    static Problem of(int status, String kind, String title, String detail) {
        return new Problem("urn:plimsoll:problem:" + kind, title, status, detail, null, null, null);
    }

    Problem at(String path) {
        return new Problem(type, title, status, detail, path, invalidParams, responseCode);
    }
}
