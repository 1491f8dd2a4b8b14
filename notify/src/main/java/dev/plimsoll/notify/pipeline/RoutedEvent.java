package dev.plimsoll.notify.pipeline;

import dev.plimsoll.core.alert.event.AlertEvent;

import java.util.Map;
import java.util.Objects;

/**
 * One state change on its way to one contact point.
 *
 * @param contactPoint the contact point's name
 * @param groupKey its group within the contact point
 * @param groupLabels the group's label values
 * @param immediate whether it is sent on its own at once (webhooks, unknown contact points)
 * @param quiet a silenced resolution: it only takes the alert out of its group, unannounced
 * @param event the state change
 */
record RoutedEvent(
        String contactPoint,
        String groupKey,
        Map<String, String> groupLabels,
        boolean immediate,
        boolean quiet,
        AlertEvent event) {

    RoutedEvent {
        Objects.requireNonNull(contactPoint, "contactPoint");
        Objects.requireNonNull(groupKey, "groupKey");
        groupLabels = Map.copyOf(groupLabels);
        Objects.requireNonNull(event, "event");
    }
}
