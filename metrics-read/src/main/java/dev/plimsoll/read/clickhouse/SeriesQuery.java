package dev.plimsoll.read.clickhouse;

import dev.plimsoll.read.params.Step;
import dev.plimsoll.read.params.TimeRange;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a per-service series reader reads: one tenant's rows (already resolved against the caller's
 * binding), one service ({@code ""} = every service's rows merged, e.g. the distinct users of all
 * services), one operation ({@code ""} = the whole service), a range and an optional step.
 *
 * @param tenant the tenant, {@code ""} for the all-tenants rows
 * @param service the service, {@code ""} for all services
 * @param operation the operation, {@code ""} for the whole-service rows
 * @param range the requested range
 * @param step the point width, or empty for one point covering the range
 */
public record SeriesQuery(
        String tenant, String service, String operation, TimeRange range, Optional<Step> step) {

    public SeriesQuery {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(step, "step");
    }

    /** Whether the query merges the rows of every service ({@code service} is {@code ""}). */
    public boolean allServices() {
        return service.isEmpty();
    }

    /** The tables and ranges that answer this query. */
    public List<Segment> plan() {
        return RollupPlanner.plan(range.firstMinute(), range.endMinute(), step);
    }

    /**
     * Seconds of the range covered by the point starting at {@code pointStart}: the whole step,
     * except for the first and last points of an unaligned range; the whole range without a step.
     * Rates and time-weighted means divide by this.
     */
    public long coveredSeconds(long pointStart) {
        if (step.isEmpty()) {
            return range.endMinute() - range.firstMinute();
        }
        long start = Math.max(pointStart, range.firstMinute());
        long end = Math.min(pointStart + step.get().seconds(), range.endMinute());
        return Math.max(0, end - start);
    }

    /** The label of the point starting at {@code pointStart}: RFC 3339. */
    public String pointTime(long pointStart) {
        return step.isEmpty() ? TimeRange.format(range.from()) : TimeRange.format(pointStart);
    }
}
