package dev.plimsoll.core.alert.eval;

import dev.plimsoll.core.alert.rule.AlertMetric;

import java.time.Instant;
import java.util.List;

/**
 * The stored data of one series (a rule's service, operation and tenant), as the rule math reads
 * it. Implementations: {@link SliceSeries} over per-minute or per-hour slices in memory (tests,
 * backtests, the evaluator after one read), or an adapter that asks ClickHouse.
 */
public interface MetricSource {

    /**
     * The metric over {@code [from, to)} (both whole minutes): percentiles from the latency buckets
     * merged over the whole range, sums and maxima exact.
     */
    Observation observe(AlertMetric metric, Instant from, Instant to);

    /**
     * One observation per hour of {@code [from, to)} (whole hours), {@link Observation#ABSENT} for
     * hours without data.
     */
    List<Observation> hourly(AlertMetric metric, Instant from, Instant to);
}
