package dev.plimsoll.core.alert.eval;

import dev.plimsoll.core.alert.rule.AlertMetric;
import dev.plimsoll.core.latency.LatencyHistogram;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A {@link MetricSource} over slices held in memory: per-minute rows for short windows, per-hour
 * rows for long ones. Windows merge their slices exactly as ClickHouse merges rows for the API:
 * latency buckets are added ({@link LatencyHistogram#merge}) and the percentile is read from the
 * merged buckets; counts, errors and in-flight time are summed; peaks are maxima.
 *
 * <p>Values: latency in ms rounded to 0.001 ms (within the histogram's 1 %); {@code errors.ratio}
 * and rates to 6 decimals, mean concurrency to 3; cost exact. {@code users.active} cannot be merged
 * from slices (distinct counts do not add up) and needs a ClickHouse-backed source.
 *
 * <p>Memory: the slices given (a minute slice is its histogram, at most ~11 KB). Reads allocate one
 * merged histogram per window. Not thread-safe while being filled; safe for concurrent reads once
 * filled.
 */
public final class SliceSeries implements MetricSource {

    private static final Duration HOUR = Duration.ofHours(1);

    private final NavigableMap<Long, Slice> slices = new TreeMap<>();

    /** An empty series. */
    public SliceSeries() {}

    /**
     * Adds or replaces the slice starting at {@code slice.start()}.
     *
     * @return this
     */
    public SliceSeries add(Slice slice) {
        slices.put(slice.start(), slice);
        return this;
    }

    @Override
    public Observation observe(AlertMetric metric, Instant from, Instant to) {
        long f = from.getEpochSecond();
        long t = to.getEpochSecond();
        if (t <= f) {
            throw new IllegalArgumentException("empty window " + from + " .. " + to);
        }
        Collection<Slice> in = slices.subMap(f, true, t, false).values();
        return switch (metric.family()) {
            case LATENCY -> latency(metric, in);
            case REQUESTS -> requests(metric, in, t - f);
            case CONCURRENCY -> concurrency(metric, in, t - f);
            case COST -> cost(metric, in);
            case USERS ->
                    throw new IllegalArgumentException(
                            "users.active is a distinct count over the window; it cannot be merged"
                                    + " from slices and needs a ClickHouse-backed source");
        };
    }

    @Override
    public List<Observation> hourly(AlertMetric metric, Instant from, Instant to) {
        List<Observation> out = new ArrayList<>();
        for (Instant h = from; h.isBefore(to); h = h.plus(HOUR)) {
            out.add(observe(metric, h, h.plus(HOUR)));
        }
        return out;
    }

    private static Observation latency(AlertMetric metric, Collection<Slice> in) {
        LatencyHistogram merged = new LatencyHistogram();
        for (Slice s : in) {
            merged.merge(s.latency());
        }
        if (merged.isEmpty()) {
            return Observation.ABSENT;
        }
        return new Observation(
                BigDecimal.valueOf(merged.quantile(metric.quantile()))
                        .setScale(3, RoundingMode.HALF_EVEN),
                merged.count());
    }

    private static Observation requests(AlertMetric metric, Collection<Slice> in, long seconds) {
        long count = 0;
        long errors = 0;
        for (Slice s : in) {
            count += s.count();
            errors += s.errors();
        }
        if (metric == AlertMetric.REQUESTS_RATE) {
            return new Observation(
                    BigDecimal.valueOf(count)
                            .divide(BigDecimal.valueOf(seconds), 6, RoundingMode.HALF_EVEN),
                    count);
        }
        if (count == 0) {
            return Observation.ABSENT;
        }
        return new Observation(
                BigDecimal.valueOf(errors)
                        .divide(BigDecimal.valueOf(count), 6, RoundingMode.HALF_EVEN),
                count);
    }

    private static Observation concurrency(AlertMetric metric, Collection<Slice> in, long seconds) {
        long peak = 0;
        double inflight = 0;
        long count = 0;
        for (Slice s : in) {
            peak = Math.max(peak, s.peakInflight());
            inflight += s.inflightMs();
            count += s.count();
        }
        if (metric == AlertMetric.CONCURRENCY_PEAK) {
            return new Observation(BigDecimal.valueOf(peak), count);
        }
        return new Observation(
                BigDecimal.valueOf(inflight)
                        .divide(BigDecimal.valueOf(seconds * 1000), 3, RoundingMode.HALF_EVEN),
                count);
    }

    private static Observation cost(AlertMetric metric, Collection<Slice> in) {
        if (metric != AlertMetric.COST_TOTAL) {
            throw new IllegalArgumentException(
                    metric.id()
                            + " divides by distinct users and needs a ClickHouse-backed source");
        }
        BigDecimal total = BigDecimal.ZERO;
        for (Slice s : in) {
            if (s.cost() != null) {
                total = total.add(s.cost());
            }
        }
        return new Observation(total, 0);
    }
}
