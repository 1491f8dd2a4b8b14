package dev.plimsoll.benchmarks.alerts;

import dev.plimsoll.core.alert.eval.Backtest;
import dev.plimsoll.core.alert.eval.MetricSource;
import dev.plimsoll.core.alert.eval.Observation;
import dev.plimsoll.core.alert.eval.RuleEngine;
import dev.plimsoll.core.alert.eval.Slice;
import dev.plimsoll.core.alert.eval.SliceSeries;
import dev.plimsoll.core.alert.event.AlertState;
import dev.plimsoll.core.alert.rule.AlertMetric;
import dev.plimsoll.core.alert.rule.Rule;
import dev.plimsoll.core.alert.rule.RuleParse;
import dev.plimsoll.core.alert.rule.RuleParser;
import dev.plimsoll.core.latency.LatencyHistogram;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Alert quality on seeded synthetic scenarios, through the backtest (core's {@link Backtest}: the
 * live evaluator's engine, evaluation by evaluation). Not JMH: it measures what alerts do, not how
 * fast.
 *
 * <p>Each series is four weeks of per-minute request latencies (40 requests a minute, lognormal, σ
 * = 0.3, recorded into core's histogram: P95 read from merged buckets as in production), or of
 * hourly cost per user. Scenarios: quiet, daily cycle (±30 %), daily and weekly cycle (weekends −25
 * %), short spikes (3 minutes × 3, six a week) — the controls, which should raise nothing — and the
 * degradations, starting at a random onset between days 10 and 18: a step (× 1.6), a slow drift (+1
 * % a day, compounded), flapping (P95 hovering at the alert line for two days), a cost leak (cost
 * per user +2 % a day). The first week is history (baselines, thresholds); alerts are counted over
 * days 7–28 (three series-weeks per series).
 *
 * <p>Methods: Plimsoll's rules — threshold with {@code for} and hysteresis, change against the same
 * hour a week earlier with an absolute floor, drift (seasonal Mann–Kendall + Theil–Sen), and the
 * three together — side by side with a static threshold with {@code for} (Prometheus style, same
 * line, no hysteresis) and a seasonal z-score baseline (each hour's P95 against the same hour of
 * the previous 7 days, z ≥ 3 for two hours). The static thresholds sit 20 % above the highest
 * hourly P95 of the first week, as a user would set them.
 *
 * <p>Reported: detection rate (a degradation series is detected when a method fires at or after
 * onset), median and 90th-percentile time to detect, false alerts per series-week (firings on the
 * controls, before onset, and after a flapping episode ended), and repeat firings per degradation
 * (firings after the first while it lasts: re-pages of a problem already known, e.g. a step that
 * crosses a static line every afternoon).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.plimsoll.benchmarks.alerts.AlertQualityReport [seeds]
 * </pre>
 */
public final class AlertQualityReport {

    static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z"); // a Monday
    static final int DAYS = 28;
    static final long FROM_DAY = 7;
    static final double BASE_MS = 100;

    enum Scenario {
        QUIET(false),
        DAILY(false),
        WEEKLY(false),
        SPIKES(false),
        STEP(true),
        DRIFT(true),
        FLAPPING(true),
        COST_LEAK(true);

        final boolean degradation;

        Scenario(boolean degradation) {
            this.degradation = degradation;
        }
    }

    enum Method {
        PLIMSOLL_THRESHOLD("threshold + for + hysteresis"),
        PLIMSOLL_CHANGE("change vs 1 week, floor"),
        PLIMSOLL_DRIFT("drift (seasonal MK + Theil-Sen)"),
        PLIMSOLL_ALL("Plimsoll rules together"),
        STATIC_THRESHOLD("static threshold + for"),
        SEASONAL_ZSCORE("seasonal z-score (z>=3, 2h)");

        final String label;

        Method(String label) {
            this.label = label;
        }
    }

    /** One series' firings per method (times), and its onset. */
    record Outcome(
            Scenario scenario,
            Instant onset,
            Map<Method, List<Instant>> firings,
            Instant episodeEnd) {}

    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 12;
        long t0 = System.nanoTime();
        List<Outcome> outcomes = new ArrayList<>();
        for (Scenario s : Scenario.values()) {
            for (int seed = 1; seed <= seeds; seed++) {
                outcomes.add(run(s, seed * 7919L + s.ordinal()));
            }
            System.err.printf(
                    Locale.ROOT,
                    "  %-10s %d series done (%.0f s)%n",
                    s,
                    seeds,
                    (System.nanoTime() - t0) / 1e9);
        }
        print(outcomes, seeds, (System.nanoTime() - t0) / 1e9);
    }

    static Outcome run(Scenario s, long seed) {
        Random random = new Random(seed);
        Instant onset =
                s.degradation
                        ? T0.plus(Duration.ofDays(10)).plusSeconds(3600L * random.nextInt(8 * 24))
                        : null;
        Instant end = T0.plus(Duration.ofDays(DAYS));
        Instant from = T0.plus(Duration.ofDays(FROM_DAY));
        Map<Method, List<Instant>> firings = new EnumMap<>(Method.class);
        Instant episodeEnd = s == Scenario.FLAPPING ? onset.plus(Duration.ofDays(2)) : end;
        MetricSource source;
        AlertMetric metric;
        double[] hourly;
        if (s == Scenario.COST_LEAK) {
            hourly = costPerUser(random, onset);
            source = new HourlyValues(hourly);
            metric = AlertMetric.COST_PER_USER;
        } else {
            Generated g = latency(s, random, onset);
            source = g.source();
            hourly = g.hourlyP95();
            metric = AlertMetric.LATENCY_P95;
        }
        double line = 1.2 * Arrays.stream(hourly, 0, 7 * 24).max().orElseThrow();
        String m = metric.id();
        String service =
                "\"service\":\"s\",\"metric\":\""
                        + m
                        + "\","
                        + (metric == AlertMetric.COST_PER_USER ? "\"currency\":\"USD\"," : "");
        String lineText =
                metric == AlertMetric.COST_PER_USER ? decimal(line) : decimal(line) + "ms";
        String recover =
                metric == AlertMetric.COST_PER_USER
                        ? decimal(0.85 * line)
                        : decimal(0.85 * line) + "ms";
        String floor =
                metric == AlertMetric.COST_PER_USER
                        ? decimal(0.1 * line / 1.2)
                        : decimal(0.2 * BASE_MS) + "ms";
        String window = metric == AlertMetric.COST_PER_USER ? "3h" : "5m";
        String every = metric == AlertMetric.COST_PER_USER ? "1h" : "5m";
        String forD = metric == AlertMetric.COST_PER_USER ? "3h" : "10m";
        Rule threshold =
                rule(
                        "{\"name\":\"t\","
                                + service
                                + "\"evaluateEvery\":\""
                                + every
                                + "\",\"condition\":{\"type\":\"threshold\",\"above\":\""
                                + lineText
                                + "\",\"recoverBelow\":\""
                                + recover
                                + "\",\"window\":\""
                                + window
                                + "\",\"for\":\""
                                + forD
                                + "\"}}");
        Rule plain =
                rule(
                        "{\"name\":\"p\","
                                + service
                                + "\"evaluateEvery\":\""
                                + every
                                + "\",\"condition\":{\"type\":\"threshold\",\"above\":\""
                                + lineText
                                + "\",\"window\":\""
                                + window
                                + "\",\"for\":\""
                                + forD
                                + "\"}}");
        Rule change =
                rule(
                        "{\"name\":\"c\","
                                + service
                                + "\"evaluateEvery\":\"1h\",\"condition\":{\"type\":\"change\",\"increase\":\"30%\",\"atLeast\":\""
                                + floor
                                + "\",\"baseline\":\"weeksAgo\",\"weeks\":1,\"window\":\""
                                + (metric == AlertMetric.COST_PER_USER ? "3h" : "1h")
                                + "\",\"for\":\"2h\"}}");
        Rule drift =
                rule(
                        "{\"name\":\"d\","
                                + service
                                + "\"evaluateEvery\":\"3h\",\"condition\":{\"type\":\"drift\",\"window\":\"7d\",\"minChangePerDay\":\"0.5%\",\"confidence\":0.99}}");
        firings.put(Method.PLIMSOLL_THRESHOLD, fired(threshold, source, from, end));
        firings.put(Method.PLIMSOLL_CHANGE, fired(change, source, from, end));
        firings.put(Method.PLIMSOLL_DRIFT, fired(drift, source, from, end));
        List<Instant> all = new ArrayList<>();
        all.addAll(firings.get(Method.PLIMSOLL_THRESHOLD));
        all.addAll(firings.get(Method.PLIMSOLL_CHANGE));
        all.addAll(firings.get(Method.PLIMSOLL_DRIFT));
        all.sort(null);
        firings.put(Method.PLIMSOLL_ALL, all);
        firings.put(Method.STATIC_THRESHOLD, fired(plain, source, from, end));
        firings.put(Method.SEASONAL_ZSCORE, zscore(hourly, from));
        return new Outcome(s, onset, firings, episodeEnd);
    }

    private static List<Instant> fired(Rule rule, MetricSource source, Instant from, Instant to) {
        return Backtest.run(rule, source, from, to, RuleEngine.Deploys.NONE).transitions().stream()
                .filter(t -> t.state() == AlertState.FIRING && !t.condition().equals("nodata"))
                .map(Backtest.Transition::at)
                .toList();
    }

    /**
     * Seasonal z-score: each hour against the same hour of the previous 7 days; z ≥ 3 for 2 hours.
     */
    static List<Instant> zscore(double[] hourly, Instant from) {
        List<Instant> out = new ArrayList<>();
        int run = 0;
        boolean firing = false;
        for (int h = (int) (Duration.between(T0, from).toHours()); h < hourly.length; h++) {
            double sum = 0;
            double sq = 0;
            for (int d = 1; d <= 7; d++) {
                double v = hourly[h - 24 * d];
                sum += v;
                sq += v * v;
            }
            double mean = sum / 7;
            double sd = Math.sqrt(Math.max(1e-12, (sq - 7 * mean * mean) / 6));
            boolean high = (hourly[h] - mean) / sd >= 3;
            run = high ? run + 1 : 0;
            if (!firing && run >= 2) {
                firing = true;
                out.add(T0.plusSeconds(3600L * (h + 1)));
            } else if (firing && !high) {
                firing = false;
            }
        }
        return out;
    }

    record Generated(MetricSource source, double[] hourlyP95) {}

    static Generated latency(Scenario s, Random random, Instant onset) {
        SliceSeries minutes = new SliceSeries();
        SliceSeries hours = new SliceSeries();
        int n = 40;
        long spikeEvery = 7L * 1440 / 6;
        long spikeOffset = random.nextInt((int) spikeEvery);
        double[] p95 = new double[DAYS * 24];
        for (int h = 0; h < DAYS * 24; h++) {
            LatencyHistogram hour = new LatencyHistogram();
            long hc = 0;
            for (int k = 0; k < 60; k++) {
                long minute = h * 60L + k;
                Instant t = T0.plusSeconds(60 * minute);
                double level = level(s, t, onset, random, minute, spikeEvery, spikeOffset);
                LatencyHistogram hist = new LatencyHistogram();
                for (int i = 0; i < n; i++) {
                    hist.record(BASE_MS * level * Math.exp(0.3 * random.nextGaussian()));
                }
                minutes.add(Slice.of(t.getEpochSecond(), 60, n, 0, hist, 1, 0));
                hour.merge(hist);
                hc += n;
            }
            hours.add(Slice.of(T0.getEpochSecond() + 3600L * h, 3600, hc, 0, hour, 1, 0));
            p95[h] = hour.quantile(0.95);
        }
        MetricSource source =
                new MetricSource() {
                    @Override
                    public Observation observe(AlertMetric metric, Instant from, Instant to) {
                        return minutes.observe(metric, from, to);
                    }

                    @Override
                    public List<Observation> hourly(AlertMetric metric, Instant from, Instant to) {
                        return hours.hourly(metric, from, to);
                    }
                };
        return new Generated(source, p95);
    }

    static double level(
            Scenario s,
            Instant t,
            Instant onset,
            Random random,
            long minute,
            long spikeEvery,
            long spikeOffset) {
        double hourOfDay = (t.getEpochSecond() % 86_400) / 3600.0;
        double daily = 1 + 0.3 * Math.sin(2 * Math.PI * (hourOfDay - 6) / 24);
        int dow = (int) ((t.getEpochSecond() / 86_400) % 7); // 0 = Monday (T0 is a Monday)
        boolean after = onset != null && !t.isBefore(onset);
        double days = after ? Duration.between(onset, t).toMinutes() / 1440.0 : 0;
        return switch (s) {
            case QUIET -> 1;
            case DAILY -> daily;
            case WEEKLY -> daily * (dow >= 5 ? 0.75 : 1);
            case SPIKES ->
                    (minute - spikeOffset) % spikeEvery >= 0
                                    && (minute - spikeOffset) % spikeEvery < 3
                            ? 3
                            : 1;
            case STEP -> daily * (after ? 1.6 : 1);
            case DRIFT -> daily * Math.pow(1.01, days);
            case FLAPPING ->
                    after && days < 2
                            ? 1.56
                            : daily; // at the alert line (1.2 × the daily peak 1.3)
            case COST_LEAK -> 1;
        };
    }

    /**
     * Hourly cost per user: 0.0100 with a ±15 % daily cycle and ±4 % noise, +2 %/day after onset.
     */
    static double[] costPerUser(Random random, Instant onset) {
        double[] v = new double[DAYS * 24];
        for (int h = 0; h < v.length; h++) {
            Instant t = T0.plusSeconds(3600L * h);
            double daily = 1 + 0.15 * Math.sin(2 * Math.PI * (h % 24 - 6) / 24.0);
            double leak =
                    !t.isBefore(onset)
                            ? Math.pow(1.02, Duration.between(onset, t).toHours() / 24.0)
                            : 1;
            v[h] = 0.0100 * daily * leak * (1 + 0.04 * random.nextGaussian());
        }
        return v;
    }

    /** A cost-per-user source: one exact decimal value per hour; a window's value is its mean. */
    record HourlyValues(double[] values) implements MetricSource {
        @Override
        public Observation observe(AlertMetric metric, Instant from, Instant to) {
            int a = (int) Duration.between(T0, from).toHours();
            int b = (int) Duration.between(T0, to).toHours();
            if (a < 0 || b > values.length || a >= b) {
                return Observation.ABSENT;
            }
            double sum = 0;
            for (int h = a; h < b; h++) {
                sum += values[h];
            }
            return new Observation(
                    BigDecimal.valueOf(sum / (b - a)).setScale(8, RoundingMode.HALF_EVEN), 0);
        }

        @Override
        public List<Observation> hourly(AlertMetric metric, Instant from, Instant to) {
            List<Observation> out = new ArrayList<>();
            for (Instant h = from; h.isBefore(to); h = h.plusSeconds(3600)) {
                out.add(observe(metric, h, h.plusSeconds(3600)));
            }
            return out;
        }
    }

    private static Rule rule(String json) {
        RuleParse p = RuleParser.parseJson(json);
        if (p instanceof RuleParse.Invalid invalid) {
            throw new IllegalStateException(json + ": " + invalid.problems());
        }
        return ((RuleParse.Parsed) p).rule();
    }

    private static String decimal(double v) {
        return BigDecimal.valueOf(v)
                .setScale(v < 1 ? 8 : 1, RoundingMode.HALF_EVEN)
                .toPlainString();
    }

    static void print(List<Outcome> outcomes, int seeds, double seconds) {
        System.out.printf(
                Locale.ROOT,
                "Alert quality: %d scenarios x %d seeds, 4 weeks each, counted over days 7-28 (%.0f"
                        + " s)%n%n",
                Scenario.values().length,
                seeds,
                seconds);
        System.out.printf(
                Locale.ROOT,
                "| method | detected | time to detect, median | p90 | false alerts / series-week |"
                        + " false alerts by scenario | repeat firings / degradation |%n");
        System.out.printf(Locale.ROOT, "|---|---:|---:|---:|---:|---|---:|%n");
        for (Method m : Method.values()) {
            int degraded = 0;
            int detected = 0;
            List<Double> delays = new ArrayList<>();
            Map<Scenario, Integer> falseBy = new LinkedHashMap<>();
            int falses = 0;
            int repeats = 0;
            for (Outcome o : outcomes) {
                List<Instant> f = o.firings().get(m);
                int fa = 0;
                if (o.scenario().degradation) {
                    degraded++;
                    Instant first =
                            f.stream().filter(t -> !t.isBefore(o.onset())).findFirst().orElse(null);
                    if (first != null) {
                        detected++;
                        delays.add(Duration.between(o.onset(), first).toMinutes() / 60.0);
                    }
                    fa += (int) f.stream().filter(t -> t.isBefore(o.onset())).count();
                    long during =
                            f.stream()
                                    .filter(
                                            t ->
                                                    !t.isBefore(o.onset())
                                                            && t.isBefore(o.episodeEnd()))
                                    .count();
                    repeats += (int) Math.max(0, during - 1);
                    fa += (int) f.stream().filter(t -> !t.isBefore(o.episodeEnd())).count();
                } else {
                    fa = f.size();
                }
                falses += fa;
                falseBy.merge(o.scenario(), fa, Integer::sum);
            }
            delays.sort(null);
            double seriesWeeks = outcomes.size() * (DAYS - FROM_DAY) / 7.0;
            StringBuilder by = new StringBuilder();
            falseBy.forEach(
                    (s, n) -> {
                        if (n > 0) {
                            by.append(by.length() == 0 ? "" : ", ")
                                    .append(s.name().toLowerCase(Locale.ROOT))
                                    .append(' ')
                                    .append(n);
                        }
                    });
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %d/%d (%.0f %%) | %s | %s | %.3f | %s | %.2f |%n",
                    m.label,
                    detected,
                    degraded,
                    100.0 * detected / degraded,
                    delays.isEmpty()
                            ? "-"
                            : String.format(Locale.ROOT, "%.1f h", delays.get(delays.size() / 2)),
                    delays.isEmpty()
                            ? "-"
                            : String.format(
                                    Locale.ROOT,
                                    "%.1f h",
                                    delays.get(
                                            (int)
                                                    Math.min(
                                                            delays.size() - 1,
                                                            Math.ceil(0.9 * delays.size()) - 1))),
                    falses / seriesWeeks,
                    by.length() == 0 ? "none" : by,
                    (double) repeats / degraded);
        }
        System.out.println();
        System.out.println(
                "Detection by scenario (Plimsoll rules together / static threshold / z-score):");
        for (Scenario s : Scenario.values()) {
            if (!s.degradation) {
                continue;
            }
            StringBuilder line = new StringBuilder("  " + s.name().toLowerCase(Locale.ROOT) + ":");
            for (Method m :
                    List.of(
                            Method.PLIMSOLL_ALL,
                            Method.STATIC_THRESHOLD,
                            Method.SEASONAL_ZSCORE,
                            Method.PLIMSOLL_DRIFT)) {
                int n = 0;
                int d = 0;
                for (Outcome o : outcomes) {
                    if (o.scenario() == s) {
                        n++;
                        if (o.firings().get(m).stream().anyMatch(t -> !t.isBefore(o.onset()))) {
                            d++;
                        }
                    }
                }
                line.append(
                        String.format(
                                Locale.ROOT,
                                " %s %d/%d;",
                                m.name().toLowerCase(Locale.ROOT),
                                d,
                                n));
            }
            System.out.println(line);
        }
    }
}
