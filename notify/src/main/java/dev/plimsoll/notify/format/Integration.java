package dev.plimsoll.notify.format;

import dev.plimsoll.notify.contact.ChannelType;
import dev.plimsoll.notify.contact.ContactPoint;
import dev.plimsoll.notify.model.Notification;

import java.time.Duration;
import java.util.Set;

/**
 * One service's message format, after Alertmanager's {@code notify/<integration>}: it only turns a
 * notification into one request and says what a response means. Implementations are stateless and
 * thread-safe.
 */
public interface Integration {

    /** Statuses worth retrying: timeouts, too-early, rate limits and server errors. */
    Set<Integer> RETRYABLE = Set.of(408, 425, 429);

    ChannelType type();

    /** The request for {@code n} to {@code cp}, within the service's limits. */
    OutgoingRequest render(Notification n, ContactPoint cp, RenderContext ctx);

    /**
     * What a response means. By default 2xx is delivered; 408, 425, 429 and 5xx are retried,
     * honouring {@code Retry-After}; any other status is refused for good.
     */
    default Verdict classify(Response r, RenderContext ctx) {
        if (r.status() >= 200 && r.status() < 300) {
            return new Verdict.Delivered();
        }
        String reason = "HTTP " + r.status() + snippet(r.body());
        if (RETRYABLE.contains(r.status()) || r.status() >= 500) {
            return new Verdict.Retry(reason, retryAfter(r, ctx));
        }
        return new Verdict.Fail(reason);
    }

    /** The delay the response asks for, or null. */
    default Duration retryAfter(Response r, RenderContext ctx) {
        return RetryAfter.parse(r.header("retry-after"), ctx.now());
    }

    /** {@code : <first 200 characters of the body>}, or empty. */
    static String snippet(String body) {
        String b = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        return b.isEmpty() ? "" : ": " + Text.truncate(b, 200);
    }
}
