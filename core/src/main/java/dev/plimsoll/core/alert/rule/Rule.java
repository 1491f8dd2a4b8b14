package dev.plimsoll.core.alert.rule;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One alert rule: what to watch ({@code metric}, {@code selector}), when to alert ({@code
 * condition}), how often to look, and what an alert carries ({@code labels}, {@code annotations},
 * the contact points in {@code notify}). Parsed and validated by {@link RuleParser} from the same
 * JSON schema whether it comes from a YAML file or the API; written back by {@link RuleWriter}.
 * Immutable and thread-safe.
 *
 * @param id the rule's identity: its name (names are unique)
 * @param name the name, letters, digits, {@code . _ -}, at most 128 characters
 * @param metric the metric (for {@code all}, the first part's unless given)
 * @param selector the service, operation and tenant
 * @param condition the condition
 * @param minSamples the fewest requests a latency percentile or error ratio may rest on; fewer
 *     leave the alert as it is
 * @param evaluateEvery the evaluation interval; evaluations fall on multiples of it (UTC)
 * @param noDataFor how long without any data before the rule's no-data meta-alert fires
 * @param suspectLookback how long before the degradation began a deploy is named as a suspect
 * @param labels labels added to every alert of the rule
 * @param annotations texts carried by every alert (summary, runbook, ...)
 * @param contactPoints the contact points to notify (JSON field {@code notify})
 * @param currency for cost metrics, the ISO 4217 currency whose costs the rule watches (money is
 *     never summed across currencies); otherwise {@code null}
 */
public record Rule(
        String id,
        String name,
        AlertMetric metric,
        Selector selector,
        Condition condition,
        int minSamples,
        Duration evaluateEvery,
        Duration noDataFor,
        Duration suspectLookback,
        Map<String, String> labels,
        Map<String, String> annotations,
        List<String> contactPoints,
        String currency) {

    public Rule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(evaluateEvery, "evaluateEvery");
        Objects.requireNonNull(noDataFor, "noDataFor");
        Objects.requireNonNull(suspectLookback, "suspectLookback");
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
        contactPoints = List.copyOf(contactPoints);
    }

    /** The leaf conditions: the condition itself, or the parts of an {@code all}. */
    public List<Condition> leaves() {
        List<Condition> leaves = new ArrayList<>();
        collect(condition, leaves);
        return leaves;
    }

    private static void collect(Condition c, List<Condition> out) {
        if (c instanceof Condition.All all) {
            all.conditions().forEach(part -> collect(part, out));
        } else {
            out.add(c);
        }
    }
}
