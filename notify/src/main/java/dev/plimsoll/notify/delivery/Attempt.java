package dev.plimsoll.notify.delivery;

import dev.plimsoll.notify.contact.ContactPoint;
import dev.plimsoll.notify.format.Integration;
import dev.plimsoll.notify.format.Integrations;
import dev.plimsoll.notify.format.Links;
import dev.plimsoll.notify.format.OutgoingRequest;
import dev.plimsoll.notify.format.RenderContext;
import dev.plimsoll.notify.format.Verdict;
import dev.plimsoll.notify.model.Notification;

import java.time.Instant;
import java.util.function.Supplier;

/**
 * One attempt: render for the contact point's service, send through the guarded client, classify
 * the answer. Shared by the sender and the test endpoint. Thread-safe.
 */
public final class Attempt {

    private final HttpDelivery http;
    private final Supplier<Links> links;

    public Attempt(HttpDelivery http, Supplier<Links> links) {
        this.http = http;
        this.links = links;
    }

    /**
     * The outcome of one attempt.
     *
     * @param verdict delivered, retry or fail
     * @param responseCode the HTTP status received, or null
     */
    public record Outcome(Verdict verdict, Integer responseCode) {}

    public Outcome run(Notification n, ContactPoint cp, Instant now) {
        Integration integration = Integrations.of(cp.type());
        RenderContext ctx = new RenderContext(now, links.get());
        OutgoingRequest request;
        try {
            request = integration.render(n, cp, ctx);
        } catch (RuntimeException e) {
            return new Outcome(
                    new Verdict.Fail(
                            "the message could not be rendered: " + e.getClass().getSimpleName()),
                    null);
        }
        HttpDelivery.Result result = http.post(request);
        if (result instanceof HttpDelivery.Result.Answered a) {
            return new Outcome(integration.classify(a.response(), ctx), a.response().status());
        }
        if (result instanceof HttpDelivery.Result.Unreachable u) {
            return new Outcome(new Verdict.Retry(u.reason(), null), null);
        }
        return new Outcome(new Verdict.Fail(((HttpDelivery.Result.Refused) result).reason()), null);
    }
}
