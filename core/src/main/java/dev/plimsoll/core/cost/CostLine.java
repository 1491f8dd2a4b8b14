package dev.plimsoll.core.cost;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One row of the cost-per-user tables for one period (an hour or a day) and currency: a service's
 * direct and allocated shared cost with its traffic, or — with {@code service} {@link #OVERALL} —
 * all cost of the currency with the traffic of all services. Amounts are exact, at 18 decimal
 * places.
 *
 * <p>Invariants: {@code total = direct + sharedAllocated + unallocated}; {@code unallocated} is
 * zero on service rows; on the overall row {@code total} is every cost of the period in that
 * currency and {@code direct}, {@code sharedAllocated} are the sums over the service rows.
 *
 * @param service the service, or {@link #OVERALL}
 * @param currency ISO 4217 code
 * @param direct cost the service owns (its records, by field or tag)
 * @param sharedAllocated its share of shared cost
 * @param unallocated shared cost no service could be given (no traffic); overall row only
 * @param total all of the above
 * @param activeUsers distinct active users
 * @param requests requests served
 * @param costPerUser {@code total ÷ activeUsers}, or {@code null} without users
 * @param costPerThousandRequests {@code total × 1000 ÷ requests}, or {@code null} without requests
 * @param policy the shared-cost policies that gave this row a share (or, overall, that applied to
 *     the period's shared cost), {@code +}-separated in name order; empty when none
 */
public record CostLine(
        String service,
        String currency,
        BigDecimal direct,
        BigDecimal sharedAllocated,
        BigDecimal unallocated,
        BigDecimal total,
        long activeUsers,
        long requests,
        BigDecimal costPerUser,
        BigDecimal costPerThousandRequests,
        String policy) {

    /** The {@code service} of the row that covers all services of a currency. */
    public static final String OVERALL = "";

    public CostLine {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(direct, "direct");
        Objects.requireNonNull(sharedAllocated, "sharedAllocated");
        Objects.requireNonNull(unallocated, "unallocated");
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(policy, "policy");
    }
}
