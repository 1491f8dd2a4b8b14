package dev.plimsoll.core.alert.rule;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates rules: one schema, whether the rule comes as JSON (the API) or YAML (a rule
 * file). Every problem is reported with the path of its field; unknown fields are refused (a
 * misspelt {@code recoverbelow} must not be ignored silently). Defaults are filled in, so the
 * {@link Rule} is complete. See {@code docs/alerts.md} for the schema. Stateless and thread-safe.
 */
public final class RuleParser {

    /** Names: letters, digits, {@code . _ -}; they are ids in URLs. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    /** Labels every alert gets from its rule and series; a rule may not set them. */
    public static final Set<String> RESERVED_LABELS =
            Set.of("rule", "service", "operation", "tenant", "metric", "currency");

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    static final Duration MIN_EVERY = Duration.ofSeconds(1);
    static final Duration MAX_EVERY = Duration.ofDays(1);
    static final Duration MAX_FOR = Duration.ofDays(7);
    static final int DEFAULT_MIN_SAMPLES = 20;

    private RuleParser() {}

    /** Parses one rule from JSON text. */
    public static RuleParse parseJson(String json) {
        JsonNode node;
        try {
            node = RuleMappers.JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return new RuleParse.Invalid(
                    List.of(
                            new RuleProblem(
                                    "body", "is not valid JSON: " + e.getOriginalMessage())));
        }
        return parse(node, "");
    }

    /**
     * Parses one rule from a JSON tree.
     *
     * @param node the rule object
     * @param path the path of the rule in its document ({@code ""} at the top)
     */
    public static RuleParse parse(JsonNode node, String path) {
        List<RuleProblem> problems = new ArrayList<>();
        if (node == null || !node.isObject()) {
            return new RuleParse.Invalid(
                    List.of(
                            new RuleProblem(
                                    path.isEmpty() ? "body" : path, "must be a JSON object.")));
        }
        NodeReader r = new NodeReader(node, path, problems);
        Optional<String> name = r.requiredString("name", 128);
        if (name.isPresent() && !NAME.matcher(name.get()).matches()) {
            r.problem(
                    "name",
                    "must start with a letter or digit and hold only letters, digits, '.', '_' and"
                            + " '-' (it is the rule's id in URLs), but was '"
                            + name.get()
                            + "'.");
            name = Optional.empty();
        }
        Optional<AlertMetric> metric = metric(r, "metric");
        Optional<String> service = r.requiredString("service", 256);
        String operation = r.optionalString("operation", 1024).orElse("");
        String tenant = r.optionalString("tenant", 256).orElse("");

        Optional<Condition> condition = Optional.empty();
        if (!r.has("condition")) {
            r.problem("condition", "is required.");
        } else {
            JsonNode c = r.raw("condition").orElseThrow();
            condition = condition(c, r.field("condition"), metric, true, problems);
        }
        Optional<AlertMetric> ruleMetric = metric;
        if (ruleMetric.isEmpty() && !r.has("metric")) {
            if (condition.isPresent() && condition.get() instanceof Condition.All all) {
                ruleMetric = Optional.of(RuleWindows.metric(all.conditions().get(0)));
            } else if (condition.isPresent() || !r.has("condition")) {
                r.problem("metric", "is required (one of " + AlertMetric.ids() + ").");
            }
        }

        boolean sampled =
                condition
                        .map(
                                c ->
                                        leavesOf(c).stream()
                                                .anyMatch(l -> RuleWindows.metric(l).sampled()))
                        .orElse(ruleMetric.map(AlertMetric::sampled).orElse(false));
        int minSamples = sampled ? DEFAULT_MIN_SAMPLES : 0;
        Optional<Integer> ms = r.integer("minSamples", 0, 1_000_000);
        if (ms.isPresent()) {
            if (!sampled && ms.get() > 0 && condition.isPresent()) {
                r.problem(
                        "minSamples",
                        "applies only to latency percentiles and errors.ratio, which this rule"
                                + " does not watch.");
            }
            minSamples = sampled ? ms.get() : 0;
        }
        boolean drift =
                condition
                        .map(c -> leavesOf(c).stream().anyMatch(l -> l instanceof Condition.Drift))
                        .orElse(false);
        Duration every =
                r.duration("evaluateEvery", MIN_EVERY, MAX_EVERY)
                        .orElse(drift ? Duration.ofHours(1) : Duration.ofMinutes(1));
        Duration noDataFor =
                r.duration("noDataFor", Duration.ofMinutes(1), MAX_FOR)
                        .orElse(Duration.ofMinutes(10));
        Duration lookback =
                r.duration("suspectLookback", Duration.ZERO, MAX_FOR).orElse(Duration.ofHours(1));
        Map<String, String> labels =
                r.stringMap(
                        "labels",
                        e -> {
                            if (!LABEL_NAME.matcher(e.getKey()).matches()) {
                                return "is not a valid label name (letters, digits and '_', not"
                                        + " starting with a digit).";
                            }
                            if (RESERVED_LABELS.contains(e.getKey())) {
                                return "is set by Plimsoll from the rule itself; choose another"
                                        + " label name.";
                            }
                            return e.getValue().length() > 1024
                                    ? "must be at most 1024 characters."
                                    : null;
                        });
        Map<String, String> annotations =
                r.stringMap(
                        "annotations",
                        e ->
                                e.getKey().isBlank() || e.getKey().length() > 128
                                        ? "must have a name of 1 to 128 characters."
                                        : e.getValue().length() > 8192
                                                ? "must be at most 8192 characters."
                                                : null);
        List<String> notify =
                r.stringList(
                        "notify",
                        20,
                        s ->
                                NAME.matcher(s).matches()
                                        ? null
                                        : "must be a contact point name (letters, digits, '.', '_',"
                                                + " '-'), but was '"
                                                + s
                                                + "'.");
        boolean cost =
                condition
                        .map(
                                c ->
                                        leavesOf(c).stream()
                                                .anyMatch(
                                                        l ->
                                                                RuleWindows.metric(l).family()
                                                                        == AlertMetric.Family.COST))
                        .orElse(
                                ruleMetric
                                        .map(m -> m.family() == AlertMetric.Family.COST)
                                        .orElse(false));
        if (service.isPresent() && Selector.ALL_SERVICES.equals(service.get())) {
            boolean allCost =
                    condition
                            .map(
                                    c ->
                                            leavesOf(c).stream()
                                                    .allMatch(
                                                            l ->
                                                                    RuleWindows.metric(l).family()
                                                                            == AlertMetric.Family
                                                                                    .COST))
                            .orElse(cost);
            if (!allCost) {
                r.problem(
                        "service",
                        "'*' (all services together) applies only to cost metrics (cost.per_user,"
                                + " cost.total); name one service for other metrics.");
            }
        }
        Optional<String> currency = r.string("currency");
        if (cost) {
            if (currency.isEmpty() && !r.has("currency")) {
                r.problem(
                        "currency",
                        "is required for cost metrics: the ISO 4217 currency to watch, e.g. USD"
                                + " (costs in different currencies are never added together).");
            } else if (currency.isPresent() && !CURRENCY.matcher(currency.get()).matches()) {
                r.problem(
                        "currency",
                        "must be an ISO 4217 code of three capital letters, e.g. USD, but was '"
                                + currency.get()
                                + "'.");
            }
            if (!operation.isEmpty()) {
                r.problem("operation", "does not apply to cost metrics: costs are per service.");
            }
            if (!tenant.isEmpty()) {
                r.problem("tenant", "does not apply to cost metrics: costs are per service.");
            }
        } else if (currency.isPresent()) {
            r.problem("currency", "applies only to cost metrics (cost.per_user, cost.total).");
        }
        r.rejectUnknown();
        if (!problems.isEmpty()) {
            return new RuleParse.Invalid(problems);
        }
        if (ruleMetric.isEmpty() || condition.isEmpty() || name.isEmpty() || service.isEmpty()) {
            throw new IllegalStateException("a rule without problems lacks a required part");
        }
        return new RuleParse.Parsed(
                new Rule(
                        name.get(),
                        name.get(),
                        ruleMetric.get(),
                        new Selector(service.get(), operation, tenant),
                        condition.get(),
                        minSamples,
                        every,
                        noDataFor,
                        lookback,
                        labels,
                        annotations,
                        notify,
                        cost ? currency.orElseThrow() : null));
    }

    private static List<Condition> leavesOf(Condition c) {
        return c instanceof Condition.All all ? all.conditions() : List.of(c);
    }

    private static Optional<AlertMetric> metric(NodeReader r, String field) {
        Optional<String> id = r.string(field);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        Optional<AlertMetric> m = AlertMetric.byId(id.get());
        if (m.isEmpty()) {
            r.problem(
                    field, "must be one of " + AlertMetric.ids() + ", but was '" + id.get() + "'.");
        }
        return m;
    }

    private static Optional<Condition> condition(
            JsonNode node,
            String path,
            Optional<AlertMetric> ruleMetric,
            boolean top,
            List<RuleProblem> problems) {
        if (!node.isObject()) {
            problems.add(new RuleProblem(path, "must be an object with a type."));
            return Optional.empty();
        }
        NodeReader r = new NodeReader(node, path, problems);
        int before = problems.size();
        Optional<String> type = r.oneOf("type", List.of("threshold", "change", "drift", "all"));
        if (!r.has("type")) {
            r.problem("type", "is required: threshold, change, drift or all.");
        }
        if (type.isEmpty()) {
            return Optional.empty();
        }
        Optional<AlertMetric> metric = ruleMetric;
        if (!top) {
            Optional<AlertMetric> own = metric(r, "metric");
            if (own.isPresent()) {
                metric = own;
            } else if (!r.has("metric") && ruleMetric.isEmpty()) {
                r.problem("metric", "is required when the rule names no metric.");
            }
        }
        Duration forDuration = Duration.ZERO;
        Duration keep = Duration.ZERO;
        if (top) {
            forDuration = r.duration("for", Duration.ZERO, MAX_FOR).orElse(Duration.ZERO);
            keep = r.duration("keepFiringFor", Duration.ZERO, MAX_FOR).orElse(Duration.ZERO);
        } else {
            for (String f : List.of("for", "keepFiringFor")) {
                if (r.has(f)) {
                    r.problem(f, "belongs on the all condition, not on one of its parts.");
                }
            }
        }
        Optional<Condition> result =
                switch (type.get()) {
                    case "threshold" -> threshold(r, metric, forDuration, keep);
                    case "change" -> change(r, metric, forDuration, keep);
                    case "drift" -> drift(r, metric, forDuration, keep);
                    default -> all(r, node, path, ruleMetric, top, forDuration, keep, problems);
                };
        r.rejectUnknown();
        return problems.size() > before ? Optional.empty() : result;
    }

    private static Optional<Condition> threshold(
            NodeReader r, Optional<AlertMetric> metric, Duration forDuration, Duration keep) {
        boolean above = r.has("above");
        boolean below = r.has("below");
        if (above == below) {
            r.problem(above ? "below" : "above", "exactly one of above and below is required.");
        }
        Optional<BigDecimal> value = Optional.empty();
        Optional<BigDecimal> recover = Optional.empty();
        String valueField = above ? "above" : "below";
        String recoverField = above ? "recoverBelow" : "recoverAbove";
        String wrongRecover = above ? "recoverAbove" : "recoverBelow";
        boolean hasRecover = r.has(recoverField);
        if (metric.isPresent()) {
            if (above != below) {
                value = value(r, valueField, metric.get());
            }
            recover = hasRecover ? value(r, recoverField, metric.get()) : Optional.empty();
        }
        if (r.has(wrongRecover)) {
            r.problem(
                    wrongRecover,
                    "goes with " + (above ? "below" : "above") + "; use " + recoverField + ".");
        }
        if (value.isPresent() && recover.isPresent()) {
            int cmp = recover.get().compareTo(value.get());
            if (above ? cmp > 0 : cmp < 0) {
                r.problem(
                        recoverField,
                        "must be on the safe side of "
                                + valueField
                                + " ("
                                + (above ? "at most " : "at least ")
                                + Quantities.format(metric.get().kind(), value.get())
                                + ").");
            }
        }
        Duration window =
                window(r, Duration.ofMinutes(5), Duration.ofMinutes(1), Duration.ofDays(1));
        if (metric.isEmpty() || value.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                new Condition.Threshold(
                        metric.get(),
                        above ? Condition.Direction.ABOVE : Condition.Direction.BELOW,
                        value.get(),
                        recover.orElse(null),
                        window,
                        forDuration,
                        keep));
    }

    private static Optional<Condition> change(
            NodeReader r, Optional<AlertMetric> metric, Duration forDuration, Duration keep) {
        List<String> kinds =
                List.of("increase", "decrease", "within").stream().filter(r::has).toList();
        if (kinds.size() != 1) {
            r.problem(
                    kinds.isEmpty() ? "increase" : kinds.get(1),
                    "exactly one of increase, decrease and within is required.");
        }
        Optional<BigDecimal> by = Optional.empty();
        Condition.ChangeKind kind = Condition.ChangeKind.INCREASE;
        if (kinds.size() == 1) {
            String f = kinds.get(0);
            kind = Condition.ChangeKind.valueOf(f.toUpperCase(java.util.Locale.ROOT));
            by = percent(r, f, false);
        }
        Optional<BigDecimal> atLeast = Optional.empty();
        if (r.has("atLeast")) {
            if (kind == Condition.ChangeKind.WITHIN) {
                r.problem("atLeast", "goes with increase or decrease, not within.");
            } else if (metric.isPresent()) {
                atLeast = value(r, "atLeast", metric.get());
            }
        }
        String baselineName =
                r.oneOf("baseline", List.of("previousPeriod", "weeksAgo")).orElse("previousPeriod");
        Condition.Baseline baseline =
                baselineName.equals("weeksAgo")
                        ? Condition.Baseline.WEEKS_AGO
                        : Condition.Baseline.PREVIOUS_PERIOD;
        int weeks = 0;
        if (baseline == Condition.Baseline.WEEKS_AGO) {
            weeks = r.integer("weeks", 1, 8).orElse(1);
        } else if (r.has("weeks")) {
            r.problem("weeks", "goes with baseline weeksAgo.");
        }
        Duration window = window(r, Duration.ofHours(1), Duration.ofMinutes(1), Duration.ofDays(1));
        if (metric.isEmpty() || by.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                new Condition.Change(
                        metric.get(),
                        kind,
                        by.get(),
                        atLeast.orElse(null),
                        baseline,
                        weeks,
                        window,
                        forDuration,
                        keep));
    }

    private static Optional<Condition> drift(
            NodeReader r, Optional<AlertMetric> metric, Duration forDuration, Duration keep) {
        String direction = r.oneOf("direction", List.of("up", "down")).orElse("up");
        Duration window =
                r.duration("window", Duration.ofDays(3), Duration.ofDays(28))
                        .orElse(Duration.ofDays(7));
        if (window.toHours() % 24 != 0 || window.toMillis() % 3_600_000 != 0) {
            r.problem("window", "must be whole days for a drift condition.");
        }
        BigDecimal minChange =
                r.has("minChangePerDay")
                        ? percent(r, "minChangePerDay", false).orElse(null)
                        : new BigDecimal("0.005");
        BigDecimal confidence = new BigDecimal("0.99");
        Optional<String> conf = r.scalarText("confidence");
        if (conf.isPresent()) {
            Optional<BigDecimal> c =
                    conf.get().trim().endsWith("%")
                            ? Quantities.percentOrNumber(conf.get())
                            : Quantities.value(ValueKind.RATIO, conf.get());
            if (c.isEmpty()
                    || c.get().compareTo(new BigDecimal("0.9")) < 0
                    || c.get().compareTo(new BigDecimal("0.9999")) > 0) {
                r.problem(
                        "confidence",
                        "must be from 0.9 to 0.9999 (or 90% to 99.99%), but was '"
                                + conf.get()
                                + "'.");
            } else {
                confidence = c.get();
            }
        }
        if (metric.isEmpty() || minChange == null) {
            return Optional.empty();
        }
        return Optional.of(
                new Condition.Drift(
                        metric.get(),
                        direction.equals("up")
                                ? Condition.Direction.ABOVE
                                : Condition.Direction.BELOW,
                        window,
                        minChange,
                        confidence,
                        forDuration,
                        keep));
    }

    private static Optional<Condition> all(
            NodeReader r,
            JsonNode node,
            String path,
            Optional<AlertMetric> ruleMetric,
            boolean top,
            Duration forDuration,
            Duration keep,
            List<RuleProblem> problems) {
        if (!top) {
            r.problem("type", "an all condition cannot be nested inside another.");
            return Optional.empty();
        }
        Optional<JsonNode> parts = r.raw("conditions");
        if (parts.isEmpty()
                || !parts.get().isArray()
                || parts.get().size() < 2
                || parts.get().size() > 8) {
            r.problem("conditions", "must be an array of 2 to 8 conditions.");
            return Optional.empty();
        }
        List<Condition> conditions = new ArrayList<>();
        for (int i = 0; i < parts.get().size(); i++) {
            condition(
                            parts.get().get(i),
                            r.field("conditions") + "[" + i + "]",
                            ruleMetric,
                            false,
                            problems)
                    .ifPresent(conditions::add);
        }
        if (conditions.size() != parts.get().size()) {
            return Optional.empty();
        }
        return Optional.of(new Condition.All(conditions, forDuration, keep));
    }

    private static Duration window(NodeReader r, Duration dflt, Duration min, Duration max) {
        Optional<Duration> w = r.duration("window", min, max);
        if (w.isPresent() && w.get().toMillis() % 60_000 != 0) {
            r.problem("window", "must be whole minutes (data is stored per minute).");
        }
        return w.orElse(dflt);
    }

    private static Optional<BigDecimal> value(NodeReader r, String field, AlertMetric metric) {
        Optional<String> text = r.scalarText(field);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<BigDecimal> v = Quantities.value(metric.kind(), text.get());
        if (v.isEmpty()) {
            r.problem(field, expected(metric) + ", but was '" + text.get() + "'.");
        }
        return v;
    }

    private static String expected(AlertMetric metric) {
        return switch (metric.kind()) {
            case DURATION ->
                    "must be a duration such as 300ms, 1.5s or 250us (a plain number is ms) for "
                            + metric.id();
            case RATIO ->
                    "must be a fraction from 0 to 1 or a percentage such as 5% for " + metric.id();
            case MONEY -> "must be an exact non-negative decimal amount for " + metric.id();
            default -> "must be a non-negative number for " + metric.id();
        };
    }

    private static Optional<BigDecimal> percent(NodeReader r, String field, boolean zeroOk) {
        Optional<String> text = r.scalarText(field);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<BigDecimal> p = Quantities.percentOrNumber(text.get());
        if (p.isEmpty()
                || (!zeroOk && p.get().signum() == 0)
                || p.get().compareTo(BigDecimal.TEN) > 0) {
            r.problem(
                    field,
                    "must be a percentage above 0 and at most 1000%, such as 20% (a plain number is"
                            + " percent), but was '"
                            + text.get()
                            + "'.");
            return Optional.empty();
        }
        return p;
    }
}
