package dev.plimsoll.core.alert.eval;

import dev.plimsoll.core.alert.rule.AlertMetric;
import dev.plimsoll.core.alert.rule.Condition;
import dev.plimsoll.core.alert.rule.Quantities;
import dev.plimsoll.core.alert.rule.Rule;
import dev.plimsoll.core.alert.rule.ValueKind;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates a rule's condition at one evaluation time against a {@link MetricSource}: the rule
 * math, free of any clock or storage. Windows end at the evaluation time rounded down to the minute
 * (to the hour for drift) and cover whole stored minutes (hours). Stateless and thread-safe.
 */
public final class Conditions {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private Conditions() {}

    /**
     * Evaluates {@code rule.condition()} at {@code at}.
     *
     * @param firing whether the rule's alert is firing now (threshold hysteresis applies then)
     */
    public static Verdict evaluate(Rule rule, MetricSource source, Instant at, boolean firing) {
        return evaluate(rule.condition(), rule, source, at, firing);
    }

    static Verdict evaluate(
            Condition c, Rule rule, MetricSource source, Instant at, boolean firing) {
        if (c instanceof Condition.Threshold t) {
            return threshold(t, rule, source, at, firing);
        }
        if (c instanceof Condition.Change ch) {
            return change(ch, rule, source, at);
        }
        if (c instanceof Condition.Drift d) {
            return drift(d, rule, source, at);
        }
        return all((Condition.All) c, rule, source, at, firing);
    }

    /** The end of the windows evaluated at {@code at}: the start of its minute. */
    public static Instant windowEnd(Instant at) {
        return Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), 60) * 60);
    }

    /** The end of a drift window evaluated at {@code at}: the start of its hour. */
    public static Instant hourEnd(Instant at) {
        return Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), 3600) * 3600);
    }

    private static Verdict threshold(
            Condition.Threshold t, Rule rule, MetricSource source, Instant at, boolean firing) {
        Instant end = windowEnd(at);
        Observation o = source.observe(t.metric(), end.minus(t.window()), end);
        Verdict unknown = unknown(t.metric(), o, rule);
        if (unknown != null) {
            return unknown;
        }
        boolean above = t.direction() == Condition.Direction.ABOVE;
        BigDecimal line = firing && t.recover() != null ? t.recover() : t.value();
        int cmp = o.value().compareTo(line);
        boolean holds;
        if (firing && t.recover() != null) {
            holds = above ? cmp >= 0 : cmp <= 0; // still on the wrong side of the recovery line
        } else {
            holds = above ? cmp > 0 : cmp < 0;
        }
        BigDecimal headroom = headroom(o.value(), t.value(), above);
        String description =
                t.metric().id()
                        + " "
                        + fmt(t.metric(), o.value())
                        + (holds
                                ? (above ? " above " : " below ")
                                : (above ? " not above " : " not below "))
                        + fmt(
                                t.metric(),
                                firing && t.recover() != null && !holds ? t.recover() : t.value())
                        + " over "
                        + dev.plimsoll.core.alert.rule.Durations.format(t.window());
        return new Verdict(
                holds ? Verdict.Outcome.HOLDS : Verdict.Outcome.CLEAR,
                o.value(),
                t.value(),
                null,
                headroom,
                o.samples(),
                description);
    }

    private static Verdict change(Condition.Change c, Rule rule, MetricSource source, Instant at) {
        Instant end = windowEnd(at);
        Observation now = source.observe(c.metric(), end.minus(c.window()), end);
        Instant baseEnd = end.minus(c.baselineOffset());
        Observation base = source.observe(c.metric(), baseEnd.minus(c.window()), baseEnd);
        Verdict unknown = unknown(c.metric(), now, rule);
        if (unknown == null) {
            unknown = unknown(c.metric(), base, rule);
            if (unknown != null) {
                // A missing baseline is not missing data: the series is there, its past is not.
                unknown =
                        new Verdict(
                                Verdict.Outcome.TOO_FEW_SAMPLES,
                                now.value(),
                                null,
                                null,
                                null,
                                now.samples(),
                                c.metric().id()
                                        + " has no baseline ("
                                        + unknown.description()
                                        + ")");
            }
        }
        if (unknown != null) {
            return unknown;
        }
        BigDecimal v = now.value();
        BigDecimal b = base.value();
        BigDecimal diff = v.subtract(b);
        boolean holds;
        BigDecimal line;
        boolean above;
        switch (c.kind()) {
            case INCREASE -> {
                line = b.add(b.multiply(c.by()));
                if (c.atLeast() != null && b.add(c.atLeast()).compareTo(line) > 0) {
                    line = b.add(c.atLeast());
                }
                holds =
                        v.compareTo(b.add(b.multiply(c.by()))) > 0
                                && (c.atLeast() == null || diff.compareTo(c.atLeast()) >= 0);
                above = true;
            }
            case DECREASE -> {
                line = b.subtract(b.multiply(c.by()));
                if (c.atLeast() != null && b.subtract(c.atLeast()).compareTo(line) < 0) {
                    line = b.subtract(c.atLeast());
                }
                holds =
                        v.compareTo(b.subtract(b.multiply(c.by()))) < 0
                                && (c.atLeast() == null
                                        || diff.negate().compareTo(c.atLeast()) >= 0);
                above = false;
            }
            default -> {
                line = b.multiply(c.by());
                holds = diff.abs().compareTo(b.multiply(c.by())) <= 0;
                above = true;
            }
        }
        BigDecimal change =
                b.signum() == 0
                        ? null
                        : diff.multiply(HUNDRED).divide(b, 2, RoundingMode.HALF_EVEN);
        String description =
                c.metric().id()
                        + " "
                        + fmt(c.metric(), v)
                        + " against "
                        + fmt(c.metric(), b)
                        + (change == null
                                ? ""
                                : " ("
                                        + (change.signum() > 0 ? "+" : "")
                                        + change.toPlainString()
                                        + " %)")
                        + (c.baseline() == Condition.Baseline.PREVIOUS_PERIOD
                                ? " in the previous "
                                : " " + c.weeks() + " week(s) earlier, over ")
                        + dev.plimsoll.core.alert.rule.Durations.format(c.window());
        BigDecimal headroom =
                c.kind() == Condition.ChangeKind.WITHIN ? null : headroom(v, line, above);
        return new Verdict(
                holds ? Verdict.Outcome.HOLDS : Verdict.Outcome.CLEAR,
                v,
                c.kind() == Condition.ChangeKind.WITHIN ? null : line,
                b,
                headroom,
                now.samples(),
                description);
    }

    private static Verdict drift(Condition.Drift d, Rule rule, MetricSource source, Instant at) {
        Instant end = hourEnd(at);
        Duration window = d.window();
        Instant start = end.minus(window);
        // Align the seasons to UTC hours of the day: start the series at a midnight.
        long offset = Math.floorMod(start.getEpochSecond(), 86_400);
        Instant seriesStart = start.minusSeconds(offset);
        int hours = (int) Duration.between(seriesStart, end).toHours();
        int padded = ((hours + 23) / 24) * 24;
        List<Observation> obs = source.hourly(d.metric(), start, end);
        double[] values = new double[padded];
        java.util.Arrays.fill(values, Double.NaN);
        int present = 0;
        long samples = 0;
        int lead = (int) (offset / 3600);
        for (int i = 0; i < obs.size(); i++) {
            Observation o = obs.get(i);
            if (o.present()
                    && (!d.metric().sampled() || o.samples() >= Math.max(1, rule.minSamples()))) {
                values[lead + i] = o.value().doubleValue();
                present++;
                samples += o.samples();
            }
        }
        long expected = window.toHours();
        if (present == 0) {
            return new Verdict(
                    Verdict.Outcome.NO_DATA,
                    null,
                    null,
                    null,
                    null,
                    0,
                    d.metric().id()
                            + " has no data over "
                            + dev.plimsoll.core.alert.rule.Durations.format(window));
        }
        if (present * 2L < expected || daysWithData(values) < 3) {
            return new Verdict(
                    Verdict.Outcome.TOO_FEW_SAMPLES,
                    null,
                    null,
                    null,
                    null,
                    samples,
                    d.metric().id()
                            + " has values for only "
                            + present
                            + " of "
                            + expected
                            + " hours (a drift needs half of them, on at least 3 days)");
        }
        SeasonalTrend.Result r = SeasonalTrend.test(values);
        boolean up = d.direction() == Condition.Direction.ABOVE;
        double alpha = BigDecimal.ONE.subtract(d.confidence()).doubleValue();
        double p = up ? r.pUp() : r.pDown();
        double rel = r.relativeSlopePerDay();
        boolean holds =
                p <= alpha
                        && (up
                                ? rel >= d.minChangePerDay().doubleValue()
                                : -rel >= d.minChangePerDay().doubleValue());
        double days = window.toHours() / 24.0;
        BigDecimal level = round(d.metric(), r.level() + r.slopePerDay() * days / 2);
        BigDecimal baseline = round(d.metric(), r.level() - r.slopePerDay() * days / 2);
        String description =
                d.metric().id()
                        + (rel >= 0 ? " rising " : " falling ")
                        + BigDecimal.valueOf(Math.abs(rel) * 100)
                                .setScale(2, RoundingMode.HALF_EVEN)
                                .toPlainString()
                        + " % a day over "
                        + dev.plimsoll.core.alert.rule.Durations.format(window)
                        + " (trend p = "
                        + String.format(java.util.Locale.ROOT, "%.2g", p)
                        + "; from about "
                        + fmt(d.metric(), baseline)
                        + " to "
                        + fmt(d.metric(), level)
                        + ")";
        return new Verdict(
                holds ? Verdict.Outcome.HOLDS : Verdict.Outcome.CLEAR,
                level,
                null,
                baseline,
                null,
                samples,
                description);
    }

    private static int daysWithData(double[] values) {
        int days = 0;
        for (int day = 0; day < values.length / 24; day++) {
            for (int h = 0; h < 24; h++) {
                if (!Double.isNaN(values[day * 24 + h])) {
                    days++;
                    break;
                }
            }
        }
        return days;
    }

    private static Verdict all(
            Condition.All a, Rule rule, MetricSource source, Instant at, boolean firing) {
        List<Verdict> parts = new ArrayList<>();
        boolean anyClear = false;
        Verdict.Outcome unknown = null;
        for (Condition c : a.conditions()) {
            Verdict v = evaluate(c, rule, source, at, firing);
            parts.add(v);
            if (v.outcome() == Verdict.Outcome.CLEAR) {
                anyClear = true;
            } else if (v.outcome() != Verdict.Outcome.HOLDS && unknown != Verdict.Outcome.NO_DATA) {
                unknown = v.outcome();
            }
        }
        Verdict first = parts.get(0);
        Verdict.Outcome outcome =
                anyClear
                        ? Verdict.Outcome.CLEAR
                        : unknown != null ? unknown : Verdict.Outcome.HOLDS;
        StringBuilder description = new StringBuilder();
        for (Verdict v : parts) {
            if (description.length() > 0) {
                description.append(" and ");
            }
            description.append(v.description());
        }
        return new Verdict(
                outcome,
                first.value(),
                first.threshold(),
                first.baseline(),
                first.headroomPercent(),
                first.samples(),
                description.toString());
    }

    private static Verdict unknown(AlertMetric metric, Observation o, Rule rule) {
        if (!o.present() || (metric.sampled() && o.samples() == 0)) {
            return new Verdict(
                    Verdict.Outcome.NO_DATA,
                    null,
                    null,
                    null,
                    null,
                    0,
                    metric.id() + " has no data");
        }
        if (metric.sampled() && o.samples() < rule.minSamples()) {
            return new Verdict(
                    Verdict.Outcome.TOO_FEW_SAMPLES,
                    o.value(),
                    null,
                    null,
                    null,
                    o.samples(),
                    metric.id()
                            + " rests on "
                            + o.samples()
                            + " requests, fewer than minSamples "
                            + rule.minSamples());
        }
        return null;
    }

    /** (line − value) / line × 100 when above, (value − line) / line × 100 when below. */
    static BigDecimal headroom(BigDecimal value, BigDecimal line, boolean above) {
        if (line.signum() == 0) {
            return null;
        }
        BigDecimal diff = above ? line.subtract(value) : value.subtract(line);
        return diff.multiply(HUNDRED).divide(line.abs(), 2, RoundingMode.HALF_EVEN);
    }

    private static String fmt(AlertMetric m, BigDecimal v) {
        return v == null
                ? "?"
                : Quantities.format(m.kind(), v)
                        + (m.kind() == ValueKind.RATIO
                                        || m.kind() == ValueKind.DURATION
                                        || m.unit() == null
                                ? ""
                                : " " + m.unit());
    }

    private static BigDecimal round(AlertMetric m, double v) {
        return m.kind() == ValueKind.MONEY
                ? BigDecimal.valueOf(v).setScale(6, RoundingMode.HALF_EVEN)
                : Quantities.normalize(BigDecimal.valueOf(v).setScale(3, RoundingMode.HALF_EVEN));
    }
}
