package dev.plimsoll.notify.format;

import java.util.Map;
import java.util.Objects;

/**
 * What a receiver answered, as far as classification needs it.
 *
 * @param status the HTTP status
 * @param headers response headers, names in lower case, first value of each
 * @param body the start of the body (at most a few KB), for error messages and rate-limit hints
 */
public record Response(int status, Map<String, String> headers, String body) {

    public Response {
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
}
