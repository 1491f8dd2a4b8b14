package dev.plimsoll.alerts.http;

import dev.plimsoll.core.alert.event.AlertEvent;
import dev.plimsoll.core.alert.event.SuspectDeploy;
import dev.plimsoll.core.alert.rule.RuleMappers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** JSON bodies of the alerting routes (decimals as strings, times RFC 3339). */
final class Json {

    private Json() {}

    static ObjectNode object() {
        return RuleMappers.JSON.createObjectNode();
    }

    static void decimal(ObjectNode o, String name, BigDecimal v) {
        o.put(name, v == null ? null : v.toPlainString());
    }

    static void time(ObjectNode o, String name, Instant t) {
        o.put(name, t == null ? null : t.toString());
    }

    static void labels(ObjectNode o, String name, Map<String, String> labels) {
        ObjectNode l = o.putObject(name);
        new TreeMap<>(labels).forEach(l::put);
    }

    static void deploys(ObjectNode o, List<SuspectDeploy> deploys) {
        ArrayNode a = o.putArray("suspectDeploys");
        for (SuspectDeploy d : deploys) {
            a.addObject()
                    .put("service", d.service())
                    .put("version", d.version())
                    .put("at", d.at().toString());
        }
    }

    /** An alert from its events (oldest first): the latest state, the firing values. */
    static ObjectNode alert(List<AlertEvent> events, boolean transitions) {
        AlertEvent last = events.get(events.size() - 1);
        AlertEvent shown = last;
        for (AlertEvent e : events) {
            if (e.state() == dev.plimsoll.core.alert.event.AlertState.FIRING) {
                shown = e;
            }
        }
        ObjectNode o = object();
        o.put("id", last.alertId());
        o.put("rule", last.rule());
        o.put("ruleId", last.ruleId());
        o.put("fingerprint", last.fingerprint());
        labels(o, "labels", last.labels());
        o.put("state", last.state().wireName());
        o.put("condition", last.condition());
        o.put("metric", last.metric());
        decimal(o, "value", last.value());
        o.put("unit", last.unit());
        decimal(o, "threshold", last.threshold() != null ? last.threshold() : shown.threshold());
        decimal(o, "baseline", last.baseline());
        decimal(o, "errorBound", last.errorBound());
        decimal(o, "headroomPercent", last.headroomPercent());
        time(o, "startsAt", last.startsAt());
        time(o, "endsAt", last.endsAt());
        deploys(
                o,
                shown.suspectDeploys().isEmpty() ? last.suspectDeploys() : shown.suspectDeploys());
        o.put("summary", last.summary());
        o.put("silenced", last.silenced());
        if (transitions) {
            ArrayNode t = o.putArray("transitions");
            for (AlertEvent e : events) {
                ObjectNode x = t.addObject();
                time(x, "at", e.at());
                x.put("state", e.state().wireName());
                x.put(
                        "previousState",
                        e.previousState() == null ? null : e.previousState().wireName());
                decimal(x, "value", e.value());
                decimal(x, "threshold", e.threshold());
                x.put("eventId", e.eventId());
                x.put("silenced", e.silenced());
                x.put("summary", e.summary());
            }
        }
        return o;
    }

    /** An RFC 3339 time parameter, or null when absent; a problem when malformed. */
    static Instant instant(String name, String value, List<InvalidParameter> problems) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            problems.add(
                    new InvalidParameter(
                            name,
                            "must be an RFC 3339 time such as 2026-03-01T10:00:00Z, but was '"
                                    + value
                                    + "'."));
            return null;
        }
    }
}
