package dev.plimsoll.notify.format;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * One POST to send: where, the headers beyond {@code Content-Type: application/json}, and the body.
 *
 * @param url the target (may carry the webhook token: never log it)
 * @param headers extra headers, e.g. the Standard Webhooks ones
 * @param body UTF-8 JSON
 */
public record OutgoingRequest(URI url, Map<String, String> headers, byte[] body) {

    public OutgoingRequest {
        Objects.requireNonNull(url, "url");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }
}
