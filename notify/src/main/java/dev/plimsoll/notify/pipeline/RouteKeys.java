package dev.plimsoll.notify.pipeline;

import dev.plimsoll.core.alert.event.AlertEvent;
import dev.plimsoll.notify.contact.ChannelType;
import dev.plimsoll.notify.contact.ContactPoint;
import dev.plimsoll.notify.contact.Grouping;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Group keys. A generic webhook, or a contact point that does not exist, gets one lane per alert
 * ({@code alert:<alertId>}), so that an alert's firing and resolved messages stay in order; a chat
 * contact point groups by its {@code groupBy} labels ({@code group:rule=…,service=…}), or by series
 * ({@code series:<fingerprint>}) with {@code groupBy: ["..."]}. The outbox and the grouping store
 * are keyed by {@code <contactPoint>|<groupKey>}.
 */
public final class RouteKeys {

    private RouteKeys() {}

    /** The record key of a group: {@code <contactPoint>|<groupKey>}. */
    public static String key(String contactPoint, String groupKey) {
        return contactPoint + "|" + groupKey;
    }

    static RoutedEvent route(String name, ContactPoint cp, Grouping defaults, AlertEvent e) {
        if (cp == null || cp.type() == ChannelType.WEBHOOK) {
            return new RoutedEvent(name, "alert:" + e.alertId(), Map.of(), true, false, e);
        }
        Grouping g = cp.groupingOr(defaults);
        if (g.eachAlertAlone()) {
            return new RoutedEvent(
                    name, "series:" + e.fingerprint(), Map.of("rule", e.rule()), false, false, e);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (String label : g.groupBy()) {
            labels.put(label, label(e, label));
        }
        String key =
                "group:"
                        + labels.entrySet().stream()
                                .map(x -> x.getKey() + "=" + escape(x.getValue()))
                                .collect(Collectors.joining(","));
        return new RoutedEvent(name, key, labels, false, false, e);
    }

    /**
     * A label's value: {@code rule}, {@code ruleId}, {@code service}, {@code metric} or a label.
     */
    static String label(AlertEvent e, String label) {
        return switch (label) {
            case "rule" -> e.rule();
            case "ruleId" -> e.ruleId();
            case "service" -> e.service() == null ? "" : e.service();
            case "metric" -> e.metric();
            default -> e.labels().getOrDefault(label, "");
        };
    }

    private static String escape(String v) {
        return v.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=");
    }
}
