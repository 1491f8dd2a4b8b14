package dev.plimsoll.core.cost;

import dev.plimsoll.core.telemetry.CostRecord;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The shared-cost configuration: an ordered list of {@link SharedCostRule rules}, the first that
 * matches a shared cost takes it, and a catch-all rule (named {@code default}, policy {@code
 * requests} unless configured) takes the rest. Rule names are unique. Immutable and thread-safe.
 */
public final class SharedCostRules implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The name of the catch-all rule. */
    public static final String DEFAULT_RULE = "default";

    private final List<SharedCostRule> rules;
    private final SharedCostRule fallback;

    private SharedCostRules(List<SharedCostRule> rules, SharedCostRule fallback) {
        this.rules = rules;
        this.fallback = fallback;
    }

    /** Every shared cost in proportion to requests. */
    public static SharedCostRules defaults() {
        return of(List.of(), SharedCostPolicy.REQUESTS);
    }

    /**
     * {@code rules} in order, then a catch-all with {@code defaultPolicy}.
     *
     * @throws IllegalArgumentException if two rules share a name, a rule is named {@code default},
     *     or {@code defaultPolicy} is {@code weights} (use a rule with weights instead)
     */
    public static SharedCostRules of(List<SharedCostRule> rules, SharedCostPolicy defaultPolicy) {
        Objects.requireNonNull(defaultPolicy, "defaultPolicy");
        if (defaultPolicy == SharedCostPolicy.WEIGHTS) {
            throw new IllegalArgumentException(
                    "the default shared-cost policy cannot be weights: add a rule with weights"
                            + " (e.g. name=all; policy=weights; weights=a:1,b:2)");
        }
        Set<String> names = new HashSet<>();
        names.add(DEFAULT_RULE);
        for (SharedCostRule rule : rules) {
            if (!names.add(rule.name())) {
                throw new IllegalArgumentException(
                        "shared-cost rule names must be unique (and not 'default'): "
                                + rule.name());
            }
        }
        return new SharedCostRules(
                List.copyOf(new ArrayList<>(rules)),
                SharedCostRule.catchAll(DEFAULT_RULE, defaultPolicy));
    }

    /**
     * The rule that takes {@code record}, a shared cost: the first that matches, or the default.
     */
    public SharedCostRule ruleFor(CostRecord record) {
        for (SharedCostRule rule : rules) {
            if (rule.matches(record)) {
                return rule;
            }
        }
        return fallback;
    }

    /** The rule named {@code name}, or the default rule when no rule has that name. */
    public SharedCostRule named(String name) {
        for (SharedCostRule rule : rules) {
            if (rule.name().equals(name)) {
                return rule;
            }
        }
        return fallback;
    }

    /** The configured rules, without the default. */
    public List<SharedCostRule> rules() {
        return rules;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("SharedCostRules[");
        for (SharedCostRule rule : rules) {
            b.append(rule.toText()).append(" | ");
        }
        return b.append(fallback.toText()).append(']').toString();
    }
}
