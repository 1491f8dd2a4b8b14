package dev.plimsoll.notify.model;

import dev.plimsoll.core.alert.event.AlertEvent;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One message to one contact point: the alerts of one group at the moment it was flushed (or, for a
 * generic webhook, exactly one state change). It is what the grouping stage writes to the outbox
 * and what every channel renders; its {@code id} is the idempotency key a resend repeats (the
 * Standard Webhooks {@code webhook-id}, Google Chat's {@code requestId}).
 *
 * @param id stable identity: the state change's {@code eventId} for a webhook, a random UUID fixed
 *     when the group was flushed otherwise
 * @param contactPoint the contact point's name
 * @param groupKey the group within the contact point (see {@code RouteKeys})
 * @param groupLabels the values of the contact point's {@code groupBy} labels for this group
 * @param status {@code firing} when any alert fires, else {@code resolved}
 * @param firing the firing alerts, latest state change of each
 * @param resolved the alerts whose resolution this message announces
 * @param createdAt when the group was flushed
 * @param test whether this is a test message ({@code POST /contact-points/{name}/test})
 */
public record Notification(
        String id,
        String contactPoint,
        String groupKey,
        Map<String, String> groupLabels,
        NotificationStatus status,
        List<AlertEvent> firing,
        List<AlertEvent> resolved,
        Instant createdAt,
        boolean test) {

    public Notification {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(contactPoint, "contactPoint");
        Objects.requireNonNull(groupKey, "groupKey");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        groupLabels = groupLabels == null ? Map.of() : Map.copyOf(groupLabels);
        firing = firing == null ? List.of() : List.copyOf(firing);
        resolved = resolved == null ? List.of() : List.copyOf(resolved);
        if (firing.isEmpty() && resolved.isEmpty()) {
            throw new IllegalArgumentException("a notification needs at least one alert");
        }
    }

    /** Every alert of the message, firing first. */
    public List<AlertEvent> alerts() {
        return java.util.stream.Stream.concat(firing.stream(), resolved.stream()).toList();
    }
}
