package dev.plimsoll.notify.format;

import dev.plimsoll.core.alert.event.AlertEvent;
import dev.plimsoll.core.alert.event.AlertState;
import dev.plimsoll.core.alert.event.SuspectDeploy;
import dev.plimsoll.notify.model.Notification;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The words every chat message uses for an alert, so that all services say the same thing: a title,
 * one line of summary and labelled facts (value, threshold or baseline, error bound, headroom,
 * start, end, suspect deploys). Decimals are printed exactly as the evaluator computed them.
 */
public final class AlertText {

    private AlertText() {}

    /** The line that stands for the alerts of a group a message had no room for. */
    public static String more(int notShown) {
        return "…and " + notShown + " more alerts in this group";
    }

    /** E.g. {@code [FIRING:2] checkout-p95 (service=checkout)}. */
    public static String title(Notification n) {
        String prefix = n.test() ? "[TEST] " : "";
        String counts = n.firing().isEmpty() ? "RESOLVED" : "FIRING:" + n.firing().size();
        String rules =
                n.alerts().stream()
                        .map(AlertEvent::rule)
                        .distinct()
                        .collect(Collectors.joining(", "));
        String labels =
                n.groupLabels().isEmpty()
                        ? ""
                        : " ("
                                + n.groupLabels().entrySet().stream()
                                        .filter(e -> !e.getKey().equals("rule"))
                                        .map(e -> e.getKey() + "=" + e.getValue())
                                        .collect(Collectors.joining(", "))
                                + ")";
        if (labels.equals(" ()")) {
            labels = "";
        }
        return prefix + "[" + counts + "] " + rules + labels;
    }

    /** The alert's own headline: {@code FIRING checkout-p95 — checkout latency.p95}. */
    public static String headline(AlertEvent e) {
        return (e.state() == AlertState.RESOLVED ? "RESOLVED " : "FIRING ")
                + e.rule()
                + " — "
                + (e.service() == null ? "" : e.service() + " ")
                + e.metric();
    }

    /** The evaluator's sentence, or a composed one. */
    public static String summary(AlertEvent e) {
        if (!e.summary().isBlank()) {
            return e.summary();
        }
        return headline(e);
    }

    /** Labelled facts, in display order, only those present. */
    public static List<Map.Entry<String, String>> facts(AlertEvent e) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        add(out, "Service", e.service());
        add(out, "Metric", e.metric());
        add(out, "Value", withUnit(e.value(), e.unit()));
        add(out, "Threshold", withUnit(e.threshold(), e.unit()));
        add(out, "Baseline", withUnit(e.baseline(), e.unit()));
        add(out, "Error bound", e.errorBound() == null ? null : "±" + percent(e.errorBound()));
        add(
                out,
                "Headroom",
                e.headroomPercent() == null ? null : e.headroomPercent().toPlainString() + " %");
        add(out, "Started", e.startsAt().toString());
        add(out, "Ended", e.endsAt() == null ? null : e.endsAt().toString());
        add(out, "Suspect deploys", deploys(e.suspectDeploys()));
        return out;
    }

    /** {@code checkout 2026.03.1 at 2026-03-01T10:09:00Z, …}, or null when none. */
    public static String deploys(List<SuspectDeploy> deploys) {
        if (deploys.isEmpty()) {
            return null;
        }
        return deploys.stream()
                .map(d -> d.service() + " " + d.version() + " at " + d.at())
                .collect(Collectors.joining(", "));
    }

    /** {@code 312.4 ms}; a currency unit goes first ({@code EUR 0.42}); null stays null. */
    public static String withUnit(BigDecimal v, String unit) {
        if (v == null) {
            return null;
        }
        String n = v.toPlainString();
        if (unit == null || unit.isBlank()) {
            return n;
        }
        return unit.length() == 3 && unit.chars().allMatch(Character::isUpperCase)
                ? unit + " " + n
                : n + " " + unit;
    }

    /** {@code 0.01} → {@code 1 %}. */
    static String percent(BigDecimal ratio) {
        BigDecimal p = ratio.movePointRight(2).stripTrailingZeros();
        return (p.scale() < 0 ? p.setScale(0) : p).toPlainString() + " %";
    }

    private static void add(List<Map.Entry<String, String>> out, String label, String value) {
        if (value != null && !value.isBlank()) {
            out.add(Map.entry(label, value));
        }
    }
}
