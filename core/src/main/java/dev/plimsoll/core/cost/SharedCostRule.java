package dev.plimsoll.core.cost;

import dev.plimsoll.core.telemetry.CostRecord;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One rule of the shared-cost configuration: which shared costs it takes (a currency, a tag, both
 * or neither) and the {@link SharedCostPolicy policy} that divides them. The costs a rule takes
 * form one <em>pool</em> per currency and hour.
 *
 * <p>Text form, for configuration files and command lines: {@code key=value} pairs separated by
 * {@code ;}, e.g. {@code name=platform; tag=team:platform; policy=users} or {@code name=support;
 * currency=USD; policy=weights; weights=orders:2,search:1}. Keys: {@code name} (required), {@code
 * currency}, {@code tag} ({@code key} or {@code key:value}; keys and values compared after
 * trimming), {@code policy} (default {@code requests}), {@code weights} ({@code service:weight}
 * pairs, exact decimals, required for and only allowed with {@code policy=weights}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the rule's name, for logs and configuration
 * @param currency the currency it takes, or {@code null} for any
 * @param tagKey a tag the cost must carry, or {@code null} for any cost
 * @param tagValue the value that tag must have, or {@code null} for any value
 * @param policy how the pool is divided
 * @param weights per-service weights for {@link SharedCostPolicy#WEIGHTS}, else empty
 */
public record SharedCostRule(
        String name,
        String currency,
        String tagKey,
        String tagValue,
        SharedCostPolicy policy,
        Map<String, BigDecimal> weights)
        implements Serializable {

    public SharedCostRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(policy, "policy");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a shared-cost rule needs a name");
        }
        weights =
                Collections.unmodifiableSortedMap(
                        weights == null ? new TreeMap<>() : new TreeMap<>(weights));
        if (policy == SharedCostPolicy.WEIGHTS) {
            if (weights.isEmpty()) {
                throw new IllegalArgumentException(
                        "shared-cost rule '" + name + "': policy weights needs weights");
            }
            BigDecimal sum = BigDecimal.ZERO;
            for (Map.Entry<String, BigDecimal> w : weights.entrySet()) {
                if (w.getValue().signum() < 0) {
                    throw new IllegalArgumentException(
                            "shared-cost rule '"
                                    + name
                                    + "': the weight of "
                                    + w.getKey()
                                    + " must not be negative, was "
                                    + w.getValue().toPlainString());
                }
                sum = sum.add(w.getValue());
            }
            if (sum.signum() == 0) {
                throw new IllegalArgumentException(
                        "shared-cost rule '" + name + "': the weights must not all be zero");
            }
        } else if (!weights.isEmpty()) {
            throw new IllegalArgumentException(
                    "shared-cost rule '"
                            + name
                            + "': weights are only used with policy weights, not "
                            + policy.id());
        }
        tagKey = tagKey == null || tagKey.isBlank() ? null : tagKey.strip();
        tagValue = tagValue == null ? null : tagValue.strip();
        if (tagKey == null && tagValue != null) {
            throw new IllegalArgumentException(
                    "shared-cost rule '" + name + "': a tag value needs a tag key");
        }
    }

    /** A rule taking every shared cost, with {@code policy} (it cannot be {@code weights}). */
    public static SharedCostRule catchAll(String name, SharedCostPolicy policy) {
        return new SharedCostRule(name, null, null, null, policy, Map.of());
    }

    /** Whether this rule takes {@code record} (a shared cost). */
    public boolean matches(CostRecord record) {
        if (currency != null && !currency.equals(record.currency())) {
            return false;
        }
        if (tagKey == null) {
            return true;
        }
        for (Map.Entry<String, String> tag : record.tags().entrySet()) {
            if (tag.getKey().strip().equals(tagKey)
                    && (tagValue == null || tag.getValue().strip().equals(tagValue))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Parses the text form (see the class comment).
     *
     * @throws IllegalArgumentException naming the part that is wrong
     */
    public static SharedCostRule parse(String text) {
        Map<String, String> parts = new LinkedHashMap<>();
        for (String part : text.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException(
                        "shared-cost rule '"
                                + text
                                + "': expected key=value, found '"
                                + part
                                + "'");
            }
            String key = part.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            if (parts.put(key, part.substring(eq + 1).strip()) != null) {
                throw new IllegalArgumentException(
                        "shared-cost rule '" + text + "': " + key + " is given twice");
            }
        }
        for (String key : parts.keySet()) {
            if (!key.matches("name|currency|tag|policy|weights")) {
                throw new IllegalArgumentException(
                        "shared-cost rule '"
                                + text
                                + "': unknown key '"
                                + key
                                + "' (name, currency, tag, policy, weights)");
            }
        }
        String tag = parts.get("tag");
        String tagKey = tag;
        String tagValue = null;
        if (tag != null && tag.indexOf(':') >= 0) {
            tagKey = tag.substring(0, tag.indexOf(':'));
            tagValue = tag.substring(tag.indexOf(':') + 1);
        }
        return new SharedCostRule(
                parts.getOrDefault("name", ""),
                parts.get("currency"),
                tagKey,
                tagValue,
                parts.containsKey("policy")
                        ? SharedCostPolicy.of(parts.get("policy"))
                        : SharedCostPolicy.REQUESTS,
                weights(text, parts.get("weights")));
    }

    private static Map<String, BigDecimal> weights(String rule, String text) {
        Map<String, BigDecimal> weights = new TreeMap<>();
        if (text == null || text.isBlank()) {
            return weights;
        }
        for (String pair : text.split(",")) {
            int colon = pair.lastIndexOf(':');
            try {
                if (colon <= 0) {
                    throw new NumberFormatException();
                }
                weights.put(
                        pair.substring(0, colon).strip(),
                        new BigDecimal(pair.substring(colon + 1).strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "shared-cost rule '"
                                + rule
                                + "': weights must be service:number pairs, found '"
                                + pair
                                + "'");
            }
        }
        return weights;
    }

    /** The text form of this rule; {@link #parse} reads it back to an equal rule. */
    public String toText() {
        StringBuilder b = new StringBuilder("name=").append(name);
        if (currency != null) {
            b.append("; currency=").append(currency);
        }
        if (tagKey != null) {
            b.append("; tag=").append(tagKey);
            if (tagValue != null) {
                b.append(':').append(tagValue);
            }
        }
        b.append("; policy=").append(policy.id());
        if (!weights.isEmpty()) {
            b.append("; weights=");
            String sep = "";
            for (Map.Entry<String, BigDecimal> w : weights.entrySet()) {
                b.append(sep).append(w.getKey()).append(':').append(w.getValue().toPlainString());
                sep = ",";
            }
        }
        return b.toString();
    }
}
