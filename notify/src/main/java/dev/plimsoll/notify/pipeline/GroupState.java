package dev.plimsoll.notify.pipeline;

import dev.plimsoll.core.alert.event.AlertEvent;
import dev.plimsoll.core.alert.event.AlertState;
import dev.plimsoll.notify.contact.Grouping;
import dev.plimsoll.notify.model.Notification;
import dev.plimsoll.notify.model.NotificationStatus;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The state of one aggregation group, and its flush rule — Alertmanager's aggregation group plus
 * its dedup stage ({@code notify.DedupStage.needsUpdate}), pure and with time as an input:
 *
 * <ul>
 *   <li>a new group is flushed {@code groupWait} after its first alert, then every {@code
 *       groupInterval} while it holds alerts;
 *   <li>a flush sends a message when it was never sent and some alert fires; when an alert fires
 *       that the last message did not show as firing; when an alert the receiver saw firing has
 *       resolved (and {@code sendResolved}); or when alerts still fire and {@code repeatInterval}
 *       has passed since the last message;
 *   <li>alerts that fired and resolved between two messages are never shown: the receiver never
 *       knew them;
 *   <li>resolved alerts leave the group at each flush; an empty group is dropped, and the next
 *       alert starts a new one (with {@code groupWait} again).
 * </ul>
 *
 * @param contactPoint the contact point
 * @param groupKey the group
 * @param groupLabels the group's label values
 * @param alerts the latest state change of each alert in the group, by alert id
 * @param notifiedFiring the alert ids the last message showed as firing
 * @param lastNotifiedMs when the last message was sent, or -1
 * @param nextFlushMs when the group is next flushed
 */
record GroupState(
        String contactPoint,
        String groupKey,
        Map<String, String> groupLabels,
        Map<String, AlertEvent> alerts,
        Set<String> notifiedFiring,
        long lastNotifiedMs,
        long nextFlushMs) {

    GroupState {
        groupLabels = Map.copyOf(groupLabels);
        alerts = Map.copyOf(alerts);
        notifiedFiring = Set.copyOf(notifiedFiring);
    }

    static GroupState open(RoutedEvent r, long nowMs, Grouping g) {
        return new GroupState(
                        r.contactPoint(),
                        r.groupKey(),
                        r.groupLabels(),
                        Map.of(),
                        Set.of(),
                        -1,
                        nowMs + g.groupWait().toMillis())
                .with(r.event());
    }

    /** This group with {@code e} as its alert's latest change (an older change is ignored). */
    GroupState with(AlertEvent e) {
        AlertEvent current = alerts.get(e.alertId());
        if (current != null && current.at().isAfter(e.at())) {
            return this;
        }
        Map<String, AlertEvent> next = new LinkedHashMap<>(alerts);
        next.put(e.alertId(), e);
        return new GroupState(
                contactPoint,
                groupKey,
                groupLabels,
                next,
                notifiedFiring,
                lastNotifiedMs,
                nextFlushMs);
    }

    /**
     * This group without {@code alertId} (a silenced resolution: never announced), or null when
     * nothing is left.
     */
    GroupState without(String alertId) {
        Map<String, AlertEvent> next = new LinkedHashMap<>(alerts);
        next.remove(alertId);
        if (next.isEmpty()) {
            return null;
        }
        return new GroupState(
                contactPoint,
                groupKey,
                groupLabels,
                next,
                retain(notifiedFiring, next.keySet()),
                lastNotifiedMs,
                nextFlushMs);
    }

    /** What a flush at {@code nowMs} does. */
    Flush flush(long nowMs, Grouping g, boolean sendResolved, Supplier<String> newId) {
        List<AlertEvent> firing = sorted(AlertState.FIRING, null);
        List<AlertEvent> resolved = sorted(AlertState.RESOLVED, notifiedFiring);
        boolean send;
        if (lastNotifiedMs < 0) {
            send = !firing.isEmpty();
        } else {
            boolean newFiring =
                    firing.stream().anyMatch(e -> !notifiedFiring.contains(e.alertId()));
            boolean repeat =
                    !firing.isEmpty() && nowMs - lastNotifiedMs >= g.repeatInterval().toMillis();
            send = newFiring || (sendResolved && !resolved.isEmpty()) || repeat;
        }
        Notification message = null;
        if (send) {
            List<AlertEvent> shownResolved = sendResolved ? resolved : List.of();
            if (!firing.isEmpty() || !shownResolved.isEmpty()) {
                message =
                        new Notification(
                                newId.get(),
                                contactPoint,
                                groupKey,
                                groupLabels,
                                firing.isEmpty()
                                        ? NotificationStatus.RESOLVED
                                        : NotificationStatus.FIRING,
                                firing,
                                shownResolved,
                                Instant.ofEpochMilli(nowMs),
                                false);
            }
        }
        Map<String, AlertEvent> remaining = new LinkedHashMap<>();
        alerts.forEach(
                (id, e) -> {
                    if (e.state() != AlertState.RESOLVED) {
                        remaining.put(id, e);
                    }
                });
        GroupState next =
                remaining.isEmpty()
                        ? null
                        : new GroupState(
                                contactPoint,
                                groupKey,
                                groupLabels,
                                remaining,
                                message != null
                                        ? ids(firing)
                                        : retain(notifiedFiring, remaining.keySet()),
                                message != null ? nowMs : lastNotifiedMs,
                                nowMs + g.groupInterval().toMillis());
        return new Flush(message, next);
    }

    private List<AlertEvent> sorted(AlertState state, Set<String> onlyIn) {
        return alerts.values().stream()
                .filter(e -> e.state() == state)
                .filter(e -> onlyIn == null || onlyIn.contains(e.alertId()))
                .sorted(
                        Comparator.comparing(AlertEvent::startsAt)
                                .thenComparing(AlertEvent::alertId))
                .toList();
    }

    private static Set<String> ids(List<AlertEvent> events) {
        return Set.copyOf(events.stream().map(AlertEvent::alertId).toList());
    }

    private static Set<String> retain(Set<String> ids, Set<String> keep) {
        return Set.copyOf(ids.stream().filter(keep::contains).toList());
    }

    /**
     * The outcome of a flush.
     *
     * @param message the message to send, or null
     * @param next the group afterwards, or null when it is empty and dropped
     */
    record Flush(Notification message, GroupState next) {}
}
