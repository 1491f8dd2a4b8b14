package dev.plimsoll.notify.http;

import dev.plimsoll.notify.contact.ContactPoint;
import dev.plimsoll.notify.contact.Grouping;
import dev.plimsoll.notify.contact.Secrets;
import dev.plimsoll.notify.model.DurationText;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * A contact point as the API shows it: the URL masked to scheme and host, the secret masked; the
 * effective grouping of a chat contact point.
 *
 * @param generatedSecret the secret Plimsoll generated for a new webhook contact point, shown in
 *     the creation answer only
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContactPointView(
        String name,
        String type,
        String url,
        @Nullable String secret,
        @Nullable GroupingView grouping,
        boolean sendResolved,
        String origin,
        @Nullable String generatedSecret) {

    /** Grouping with durations as text. */
    @Serdeable
    public record GroupingView(
            List<String> groupBy, String groupWait, String groupInterval, String repeatInterval) {}

    static ContactPointView of(ContactPoint cp, Grouping defaults, String generatedSecret) {
        GroupingView g = null;
        if (cp.type().chat()) {
            Grouping e = cp.groupingOr(defaults);
            g =
                    new GroupingView(
                            e.groupBy(),
                            DurationText.format(e.groupWait()),
                            DurationText.format(e.groupInterval()),
                            DurationText.format(e.repeatInterval()));
        }
        return new ContactPointView(
                cp.name(),
                cp.type().id(),
                Secrets.maskUrl(cp.url()),
                cp.secret() == null ? null : Secrets.SECRET_PREFIX + "********",
                g,
                cp.sendResolved(),
                cp.origin().name().toLowerCase(java.util.Locale.ROOT),
                generatedSecret);
    }

    /** The list answer; an empty list is written as {@code []}, not left out. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ListView(List<ContactPointView> contactPoints) {}

    /**
     * The answer to a test send.
     *
     * @param delivered whether the receiver accepted the message
     * @param notificationId the test message's id ({@code webhook-id} for a webhook)
     * @param responseCode the receiver's HTTP status, when it answered
     * @param deliveryId the entry in {@code /api/v1/deliveries}
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TestResult(
            boolean delivered,
            String notificationId,
            @Nullable Integer responseCode,
            String deliveryId) {}
}
