package dev.plimsoll.alerts.evaluate;

import dev.plimsoll.core.alert.eval.MetricSource;
import dev.plimsoll.core.alert.eval.Observation;
import dev.plimsoll.core.alert.eval.Slice;
import dev.plimsoll.core.alert.eval.SliceSeries;
import dev.plimsoll.core.alert.rule.AlertMetric;
import dev.plimsoll.core.alert.rule.Selector;
import dev.plimsoll.core.cost.Money;
import dev.plimsoll.core.latency.LatencyHistogram;
import dev.plimsoll.read.clickhouse.CostReader;
import dev.plimsoll.read.clickhouse.SeriesQuery;
import dev.plimsoll.read.clickhouse.SliceReader;
import dev.plimsoll.read.clickhouse.UsersReader;
import dev.plimsoll.read.model.CostPoint;
import dev.plimsoll.read.model.SlicePoint;
import dev.plimsoll.read.model.UsersPoint;
import dev.plimsoll.read.params.Step;
import dev.plimsoll.read.params.TimeRange;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@link MetricSource} over ClickHouse for one series, through the read side (the API's read
 * path): minutes and hours are read once per range with {@link SliceReader} and windows are merged
 * in memory by core's {@link SliceSeries} (percentiles from merged buckets); distinct users, which
 * do not add up across minutes, are asked per window from {@link UsersReader}. Not thread-safe: one
 * per rule evaluation round or backtest.
 */
public final class ClickHouseSource implements MetricSource {

    private static final Duration HOUR = Duration.ofHours(1);

    private final SliceReader slices;
    private final UsersReader users;
    private final Selector selector;
    private final SliceSeries minutes = new SliceSeries();
    private final SliceSeries hours = new SliceSeries();
    private final List<Instant[]> minuteRanges = new ArrayList<>();
    private final List<Instant[]> hourRanges = new ArrayList<>();

    private final CostReader costs;
    private final String currency;
    private final java.util.NavigableMap<Long, CostPoint> costHours = new java.util.TreeMap<>();
    private final List<Instant[]> costRanges = new ArrayList<>();

    /**
     * A source; cost metrics read {@code costs} in {@code currency} (both {@code null} for a rule
     * without cost metrics).
     */
    public ClickHouseSource(
            SliceReader slices,
            UsersReader users,
            CostReader costs,
            String currency,
            Selector selector) {
        this.costs = costs;
        this.currency = currency;
        this.slices = slices;
        this.users = users;
        this.selector = selector;
    }

    /** Reads the minutes of {@code [from, to)} now (one query), so windows inside it need none. */
    public void prefetchMinutes(Instant from, Instant to) {
        ensure(minutes, minuteRanges, from, to, Step.MINUTE);
    }

    /** Reads the hours of {@code [from, to)} now. */
    public void prefetchHours(Instant from, Instant to) {
        ensure(hours, hourRanges, from, to, 3600);
    }

    @Override
    public Observation observe(AlertMetric metric, Instant from, Instant to) {
        if (metric.family() == AlertMetric.Family.COST) {
            return costOver(metric, from, to);
        }
        if (metric.family() == AlertMetric.Family.USERS) {
            return usersOver(from, to);
        }
        ensure(minutes, minuteRanges, from, to, Step.MINUTE);
        return minutes.observe(metric, from, to);
    }

    @Override
    public List<Observation> hourly(AlertMetric metric, Instant from, Instant to) {
        if (metric.family() == AlertMetric.Family.COST) {
            ensureCost(from, to);
            List<Observation> out = new ArrayList<>();
            for (Instant h = from; h.isBefore(to); h = h.plus(HOUR)) {
                CostPoint p = costHours.get(h.getEpochSecond());
                String v =
                        p == null
                                ? null
                                : metric == AlertMetric.COST_TOTAL ? p.cost() : p.costPerUser();
                out.add(v == null ? Observation.ABSENT : new Observation(new BigDecimal(v), 0));
            }
            return out;
        }
        if (metric.family() == AlertMetric.Family.USERS) {
            List<Observation> out = new ArrayList<>();
            for (Instant h = from; h.isBefore(to); h = h.plus(HOUR)) {
                out.add(usersOver(h, h.plus(HOUR)));
            }
            return out;
        }
        ensure(hours, hourRanges, from, to, 3600);
        return hours.hourly(metric, from, to);
    }

    /**
     * Cost over the window's whole hours, in the rule's currency (exact): the total, or the total
     * divided by the distinct users over the window (the cost module's rounding, {@link
     * Money#perUser}). No cost rows: no data; no users: no cost per user.
     */
    private Observation costOver(AlertMetric metric, Instant from, Instant to) {
        ensureCost(from, to);
        BigDecimal total = null;
        for (CostPoint p :
                costHours
                        .subMap(from.getEpochSecond(), true, to.getEpochSecond(), false)
                        .values()) {
            total = total == null ? new BigDecimal(p.cost()) : total.add(new BigDecimal(p.cost()));
        }
        if (total == null) {
            return Observation.ABSENT;
        }
        if (metric == AlertMetric.COST_TOTAL) {
            return new Observation(total, 0);
        }
        long n = usersOver(from, to).value().longValue();
        return n == 0
                ? Observation.ABSENT
                : new Observation(Money.perUser(Money.exact(total), n), 0);
    }

    private void ensureCost(Instant from, Instant to) {
        if (costs == null || currency == null) {
            throw new IllegalStateException(
                    "cost metrics need a cost reader and the rule's currency");
        }
        for (Instant[] r : costRanges) {
            if (!from.isBefore(r[0]) && !to.isAfter(r[1])) {
                return;
            }
        }
        Instant f = Instant.ofEpochSecond(Math.floorDiv(from.getEpochSecond(), 3600) * 3600);
        Instant t = Instant.ofEpochSecond(Math.floorDiv(to.getEpochSecond() + 3599, 3600) * 3600);
        if (f.isBefore(t)) {
            for (CostPoint p : costs.perUser(readService(), new TimeRange(f, t), false)) {
                if (p.currency().equals(currency)) {
                    costHours.put(Instant.parse(p.t()).getEpochSecond(), p);
                }
            }
        }
        costRanges.add(new Instant[] {from, to});
    }

    private Observation usersOver(Instant from, Instant to) {
        List<UsersPoint> points = users.read(query(from, to, Optional.empty()));
        long n = points.isEmpty() ? 0 : points.get(0).activeUsers();
        return new Observation(BigDecimal.valueOf(n), 0);
    }

    /**
     * The service as the readers name it: a rule on all services ({@link Selector#ALL_SERVICES})
     * reads the cost job's rows of all services together and the users of every service merged
     * (both {@code ""} there).
     */
    private String readService() {
        return readService(selector.service());
    }

    /** {@link Selector#ALL_SERVICES} as the readers name it ({@code ""}); other services as is. */
    public static String readService(String service) {
        return Selector.ALL_SERVICES.equals(service) ? "" : service;
    }

    private SeriesQuery query(Instant from, Instant to, Optional<Step> step) {
        return new SeriesQuery(
                selector.tenant(),
                readService(),
                selector.operation(),
                new TimeRange(from, to),
                step);
    }

    private void ensure(
            SliceSeries into, List<Instant[]> ranges, Instant from, Instant to, long stepSeconds) {
        for (Instant[] r : ranges) {
            if (!from.isBefore(r[0]) && !to.isAfter(r[1])) {
                return;
            }
        }
        int seconds = (int) stepSeconds;
        for (SlicePoint p : slices.read(query(from, to, Optional.of(new Step(stepSeconds))))) {
            LatencyHistogram h =
                    p.count() > 0
                            ? LatencyHistogram.fromBuckets(
                                    p.buckets(), p.zeroCount(), p.sumMs(), p.minMs(), p.maxMs())
                            : new LatencyHistogram();
            into.add(
                    Slice.of(
                            p.t(),
                            seconds,
                            p.count(),
                            p.errors(),
                            h,
                            p.peakInflight(),
                            p.inflightMs()));
        }
        ranges.add(new Instant[] {from, to});
    }
}
