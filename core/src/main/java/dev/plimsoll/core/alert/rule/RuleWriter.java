package dev.plimsoll.core.alert.rule;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a {@link Rule} back in the schema {@link RuleParser} reads, with every default spelt out:
 * {@code RuleParser.parse(RuleWriter.toJson(rule))} gives the same rule. Stateless and thread-safe.
 */
public final class RuleWriter {

    private RuleWriter() {}

    /** The rule as a JSON object tree. */
    public static ObjectNode toTree(Rule rule) {
        ObjectNode o = RuleMappers.JSON.createObjectNode();
        o.put("name", rule.name());
        o.put("metric", rule.metric().id());
        o.put("service", rule.selector().service());
        if (!rule.selector().operation().isEmpty()) {
            o.put("operation", rule.selector().operation());
        }
        if (!rule.selector().tenant().isEmpty()) {
            o.put("tenant", rule.selector().tenant());
        }
        if (rule.currency() != null) {
            o.put("currency", rule.currency());
        }
        o.set("condition", condition(rule.condition(), rule.metric(), true));
        if (rule.minSamples() > 0) {
            o.put("minSamples", rule.minSamples());
        }
        o.put("evaluateEvery", Durations.format(rule.evaluateEvery()));
        o.put("noDataFor", Durations.format(rule.noDataFor()));
        o.put("suspectLookback", Durations.format(rule.suspectLookback()));
        ObjectNode labels = o.putObject("labels");
        new TreeMap<>(rule.labels()).forEach(labels::put);
        ObjectNode annotations = o.putObject("annotations");
        new TreeMap<>(rule.annotations()).forEach(annotations::put);
        ArrayNode notify = o.putArray("notify");
        rule.contactPoints().forEach(notify::add);
        return o;
    }

    /** The rule as canonical JSON text. */
    public static String toJson(Rule rule) {
        return toTree(rule).toString();
    }

    /**
     * A digest of what decides the rule's evaluation (metric, selector, condition, minSamples,
     * evaluateEvery, noDataFor): when it changes, the evaluator starts the rule afresh. Labels,
     * annotations and contact points may change without that.
     */
    public static String evaluationDigest(Rule rule) {
        ObjectNode o = toTree(rule);
        o.remove(java.util.List.of("labels", "annotations", "notify", "suspectLookback", "name"));
        try {
            byte[] d =
                    MessageDigest.getInstance("SHA-256")
                            .digest(o.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private static ObjectNode condition(Condition c, AlertMetric ruleMetric, boolean top) {
        ObjectNode o = RuleMappers.JSON.createObjectNode();
        o.put("type", c.type());
        if (!top && !(c instanceof Condition.All)) {
            o.put("metric", RuleWindows.metric(c).id());
        }
        if (c instanceof Condition.Threshold t) {
            ValueKind k = t.metric().kind();
            boolean above = t.direction() == Condition.Direction.ABOVE;
            o.put(above ? "above" : "below", Quantities.format(k, t.value()));
            if (t.recover() != null) {
                o.put(above ? "recoverBelow" : "recoverAbove", Quantities.format(k, t.recover()));
            }
            o.put("window", Durations.format(t.window()));
        } else if (c instanceof Condition.Change ch) {
            o.put(
                    ch.kind().name().toLowerCase(java.util.Locale.ROOT),
                    Quantities.formatPercent(ch.by()));
            if (ch.atLeast() != null) {
                o.put("atLeast", Quantities.format(ch.metric().kind(), ch.atLeast()));
            }
            if (ch.baseline() == Condition.Baseline.WEEKS_AGO) {
                o.put("baseline", "weeksAgo");
                o.put("weeks", ch.weeks());
            } else {
                o.put("baseline", "previousPeriod");
            }
            o.put("window", Durations.format(ch.window()));
        } else if (c instanceof Condition.Drift d) {
            o.put("direction", d.direction() == Condition.Direction.ABOVE ? "up" : "down");
            o.put("window", Durations.format(d.window()));
            o.put("minChangePerDay", Quantities.formatPercent(d.minChangePerDay()));
            o.put("confidence", Quantities.normalize(d.confidence()).toPlainString());
        } else if (c instanceof Condition.All a) {
            ArrayNode parts = o.putArray("conditions");
            a.conditions().forEach(p -> parts.add(condition(p, ruleMetric, false)));
        }
        if (top) {
            putDuration(o, "for", c.forDuration());
            putDuration(o, "keepFiringFor", c.keepFiringFor());
        }
        return o;
    }

    private static void putDuration(ObjectNode o, String name, Duration d) {
        if (!d.isZero()) {
            o.put(name, Durations.format(d));
        }
    }

    /** For tests and messages: the labels of a rule's alerts, sorted. */
    static Map<String, String> sorted(Map<String, String> m) {
        return new TreeMap<>(m);
    }
}
