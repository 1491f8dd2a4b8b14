package dev.plimsoll.core.alert.rule;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the fields of one JSON object of a rule or silence, collecting a {@link RuleProblem} per
 * bad field (with its path) instead of stopping at the first. Not thread-safe; one per object.
 */
public final class NodeReader {

    private final JsonNode node;
    private final String path;
    private final List<RuleProblem> problems;
    private final Set<String> known = new HashSet<>();

    /**
     * @param node the object
     * @param path its path ({@code ""} at the top, else e.g. {@code condition})
     * @param problems where problems are added
     */
    public NodeReader(JsonNode node, String path, List<RuleProblem> problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    /** The path of field {@code name} of this object. */
    public String field(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** Records a problem with field {@code name}. */
    public void problem(String name, String reason) {
        problems.add(new RuleProblem(field(name), reason));
    }

    /** The raw value of {@code name}, if present and not null; marks the field as known. */
    public Optional<JsonNode> raw(String name) {
        known.add(name);
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v);
    }

    /** Whether {@code name} is present (and not null). */
    public boolean has(String name) {
        known.add(name);
        JsonNode v = node.get(name);
        return v != null && !v.isNull();
    }

    /** A string field; a non-string is a problem. */
    public Optional<String> string(String name) {
        Optional<JsonNode> v = raw(name);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (!v.get().isTextual()) {
            problem(name, "must be a string.");
            return Optional.empty();
        }
        return Optional.of(v.get().textValue());
    }

    /** A required non-blank string of at most {@code max} characters. */
    public Optional<String> requiredString(String name, int max) {
        if (!has(name)) {
            problem(name, "is required.");
            return Optional.empty();
        }
        return string(name).flatMap(s -> checkLength(name, s, max, false));
    }

    /** An optional string of at most {@code max} characters ({@code ""} allowed). */
    public Optional<String> optionalString(String name, int max) {
        return string(name).flatMap(s -> checkLength(name, s, max, true));
    }

    private Optional<String> checkLength(String name, String s, int max, boolean blankOk) {
        if (!blankOk && s.isBlank()) {
            problem(name, "must not be blank.");
            return Optional.empty();
        }
        if (s.length() > max) {
            problem(name, "must be at most " + max + " characters, but has " + s.length() + ".");
            return Optional.empty();
        }
        return Optional.of(s);
    }

    /** A scalar as text: strings as they are, numbers as their exact decimal text. */
    public Optional<String> scalarText(String name) {
        Optional<JsonNode> v = raw(name);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (v.get().isTextual()) {
            return Optional.of(v.get().textValue());
        }
        if (v.get().isNumber()) {
            return Optional.of(v.get().decimalValue().toPlainString());
        }
        problem(name, "must be a string or a number.");
        return Optional.empty();
    }

    /** A duration ({@code 30s}, {@code 2m}, ...) between {@code min} and {@code max}. */
    public Optional<Duration> duration(String name, Duration min, Duration max) {
        Optional<String> text = scalarText(name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<Duration> d = Durations.parse(text.get());
        if (d.isEmpty()) {
            problem(
                    name,
                    "must be a duration such as 30s, 5m, 1h30m or 7d (units ms, s, m, h, d, w),"
                            + " but was '"
                            + text.get()
                            + "'.");
            return Optional.empty();
        }
        if (d.get().compareTo(min) < 0 || d.get().compareTo(max) > 0) {
            problem(
                    name,
                    "must be between "
                            + Durations.format(min)
                            + " and "
                            + Durations.format(max)
                            + ", but was "
                            + text.get()
                            + ".");
            return Optional.empty();
        }
        return d;
    }

    /** A whole number between {@code min} and {@code max}. */
    public Optional<Integer> integer(String name, int min, int max) {
        Optional<JsonNode> v = raw(name);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (!v.get().isIntegralNumber()
                && !(v.get().isNumber() && isWhole(v.get().decimalValue()))) {
            problem(name, "must be a whole number from " + min + " to " + max + ".");
            return Optional.empty();
        }
        BigDecimal n = v.get().decimalValue();
        if (n.compareTo(BigDecimal.valueOf(min)) < 0 || n.compareTo(BigDecimal.valueOf(max)) > 0) {
            problem(
                    name,
                    "must be from " + min + " to " + max + ", but was " + n.toPlainString() + ".");
            return Optional.empty();
        }
        return Optional.of(n.intValueExact());
    }

    private static boolean isWhole(BigDecimal d) {
        return d.stripTrailingZeros().scale() <= 0;
    }

    /** A string that must be one of {@code allowed}. */
    public Optional<String> oneOf(String name, List<String> allowed) {
        Optional<String> s = string(name);
        if (s.isPresent() && !allowed.contains(s.get())) {
            problem(
                    name,
                    "must be one of "
                            + String.join(", ", allowed)
                            + ", but was '"
                            + s.get()
                            + "'.");
            return Optional.empty();
        }
        return s;
    }

    /** An object of string values, checked entry by entry with {@code check} (null: ok). */
    public Map<String, String> stringMap(
            String name, Function<Map.Entry<String, String>, String> check) {
        Map<String, String> out = new LinkedHashMap<>();
        Optional<JsonNode> v = raw(name);
        if (v.isEmpty()) {
            return out;
        }
        if (!v.get().isObject()) {
            problem(name, "must be an object of strings.");
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = v.get().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = name + "." + e.getKey();
            if (!e.getValue().isTextual()
                    && !e.getValue().isNumber()
                    && !e.getValue().isBoolean()) {
                problems.add(new RuleProblem(field(key), "must be a string."));
                continue;
            }
            String value = e.getValue().asText();
            String reason = check.apply(Map.entry(e.getKey(), value));
            if (reason != null) {
                problems.add(new RuleProblem(field(key), reason));
            } else {
                out.put(e.getKey(), value);
            }
        }
        return out;
    }

    /** An array of strings, each checked with {@code check} (null: ok). */
    public List<String> stringList(String name, int maxSize, Function<String, String> check) {
        List<String> out = new ArrayList<>();
        Optional<JsonNode> v = raw(name);
        if (v.isEmpty()) {
            return out;
        }
        if (!v.get().isArray()) {
            problem(name, "must be an array of strings.");
            return out;
        }
        if (v.get().size() > maxSize) {
            problem(
                    name,
                    "must have at most " + maxSize + " entries, but has " + v.get().size() + ".");
            return out;
        }
        for (int i = 0; i < v.get().size(); i++) {
            JsonNode e = v.get().get(i);
            String key = name + "[" + i + "]";
            if (!e.isTextual()) {
                problems.add(new RuleProblem(field(key), "must be a string."));
                continue;
            }
            String reason = check.apply(e.textValue());
            if (reason != null) {
                problems.add(new RuleProblem(field(key), reason));
            } else if (!out.contains(e.textValue())) {
                out.add(e.textValue());
            }
        }
        return out;
    }

    /** Records a problem for every field of the object that no read asked for. */
    public void rejectUnknown() {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                problem(name, "is not a known field here.");
            }
        }
    }
}
