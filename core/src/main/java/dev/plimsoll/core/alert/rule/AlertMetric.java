package dev.plimsoll.core.alert.rule;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The metrics a rule can watch: one row of this table per metric, saying how its values are written
 * and reported (unit, error bound) and how an evaluation window combines the stored data. Adding a
 * metric is adding a row here and a reader for it in the evaluator.
 *
 * <ul>
 *   <li>Latency percentiles are read from the latency buckets merged over the whole window (never
 *       an average of per-minute percentiles), within {@link #errorBound()} (1 %) of the exact
 *       value.
 *   <li>{@code errors.ratio}, {@code requests.rate} and concurrency are exact sums and maxima.
 *   <li>{@code users.active} is the distinct count over the window (ClickHouse {@code
 *       uniqCombined64}, about 0.3 % relative standard error; exact for small counts).
 *   <li>Cost metrics are exact decimals in the rule's {@code currency}, from the cost job's hourly
 *       rows: {@code cost.total} sums them; {@code cost.per_user} divides that sum by the distinct
 *       users over the window (a window's users are not the sum of its hours').
 * </ul>
 *
 * Immutable and thread-safe.
 */
public enum AlertMetric {
    LATENCY_P50("latency.p50", ValueKind.DURATION, "ms", "0.01", Family.LATENCY, 0.50, true, false),
    LATENCY_P90("latency.p90", ValueKind.DURATION, "ms", "0.01", Family.LATENCY, 0.90, true, false),
    LATENCY_P95("latency.p95", ValueKind.DURATION, "ms", "0.01", Family.LATENCY, 0.95, true, false),
    LATENCY_P99("latency.p99", ValueKind.DURATION, "ms", "0.01", Family.LATENCY, 0.99, true, false),
    ERRORS_RATIO("errors.ratio", ValueKind.RATIO, "ratio", null, Family.REQUESTS, 0, true, false),
    REQUESTS_RATE("requests.rate", ValueKind.NUMBER, "rps", null, Family.REQUESTS, 0, false, true),
    CONCURRENCY_PEAK(
            "concurrency.peak",
            ValueKind.NUMBER,
            "requests",
            null,
            Family.CONCURRENCY,
            0,
            false,
            true),
    CONCURRENCY_MEAN(
            "concurrency.mean",
            ValueKind.NUMBER,
            "requests",
            null,
            Family.CONCURRENCY,
            0,
            false,
            true),
    USERS_ACTIVE("users.active", ValueKind.NUMBER, "users", "0.003", Family.USERS, 0, false, true),
    COST_PER_USER("cost.per_user", ValueKind.MONEY, null, null, Family.COST, 0, false, false),
    COST_TOTAL("cost.total", ValueKind.MONEY, null, null, Family.COST, 0, false, false);

    /** Where a metric's data comes from; the evaluator has one reader per family. */
    public enum Family {
        /** {@code service_minute} latency buckets. */
        LATENCY,
        /** {@code service_minute} counts and errors. */
        REQUESTS,
        /** {@code service_minute} peak and in-flight time. */
        CONCURRENCY,
        /** {@code service_minute} user hashes, merged in ClickHouse. */
        USERS,
        /** The cost module's hourly tables. */
        COST
    }

    private final String id;
    private final ValueKind kind;
    private final String unit;
    private final BigDecimal errorBound;
    private final Family family;
    private final double quantile;
    private final boolean sampled;
    private final boolean absentIsZero;

    AlertMetric(
            String id,
            ValueKind kind,
            String unit,
            String errorBound,
            Family family,
            double quantile,
            boolean sampled,
            boolean absentIsZero) {
        this.id = id;
        this.kind = kind;
        this.unit = unit;
        this.errorBound = errorBound == null ? null : new BigDecimal(errorBound);
        this.family = family;
        this.quantile = quantile;
        this.sampled = sampled;
        this.absentIsZero = absentIsZero;
    }

    /** The name used in rules and alerts, e.g. {@code latency.p95}. */
    public String id() {
        return id;
    }

    public ValueKind kind() {
        return kind;
    }

    /**
     * The unit of values, thresholds and baselines ({@code ms}, {@code ratio}, {@code rps}, ...),
     * or {@code null} for money, whose unit is the data's currency.
     */
    public String unit() {
        return unit;
    }

    /** The stated relative error of a value (e.g. 0.01), or {@code null} when exact. */
    public BigDecimal errorBound() {
        return errorBound;
    }

    public Family family() {
        return family;
    }

    /** For latency percentiles, the quantile (0.95 for {@code latency.p95}); otherwise 0. */
    public double quantile() {
        return quantile;
    }

    /**
     * Whether a value rests on a number of requests that {@code minSamples} applies to (latency
     * percentiles and the error ratio); such a metric has no value without requests.
     */
    public boolean sampled() {
        return sampled;
    }

    /**
     * Whether a window without stored rows means zero (no requests: a rate of 0, nobody in flight)
     * rather than "no data".
     */
    public boolean absentIsZero() {
        return absentIsZero;
    }

    /** The metric named {@code id}, if any. */
    public static Optional<AlertMetric> byId(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
    }

    /** Every metric name, comma-separated, for error messages. */
    public static String ids() {
        return Arrays.stream(values()).map(AlertMetric::id).collect(Collectors.joining(", "));
    }
}
