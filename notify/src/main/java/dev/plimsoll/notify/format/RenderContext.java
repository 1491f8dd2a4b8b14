package dev.plimsoll.notify.format;

import java.time.Instant;
import java.util.Objects;

/**
 * What rendering may depend on besides the notification and the contact point.
 *
 * @param now the attempt's time (Standard Webhooks timestamps are per attempt)
 * @param links the links to put in messages
 */
public record RenderContext(Instant now, Links links) {

    public RenderContext {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(links, "links");
    }
}
