package dev.plimsoll.core.telemetry;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One line of infrastructure cost (telemetry contract v1, topic {@code telemetry.costs.v1}), with
 * FOCUS-compatible names where FOCUS has them ({@code ResourceId}, {@code ChargePeriodStart},
 * {@code ChargePeriodEnd}, {@code BillingCurrency}, {@code Tags}).
 *
 * <p>A later record with the same {@code recordId} replaces the earlier one (billing restatements):
 * consumers keep the last value per id. The amount is an exact decimal with at most 10 fraction
 * digits, stored as {@code Decimal(38, 10)}; it may be negative (credits, refunds). Immutable and
 * thread-safe ({@code tags} is an unmodifiable copy).
 *
 * @param recordId the billing line's identity, stable across restatements
 * @param service the service the cost belongs to, or {@code null} for a shared cost
 * @param resourceId the cloud resource, or {@code null}
 * @param chargePeriodStart inclusive start of the period the cost covers
 * @param chargePeriodEnd exclusive end of that period, after {@code chargePeriodStart}
 * @param cost the amount, exact
 * @param currency ISO 4217 code, three upper-case letters
 * @param tags resource tags, never {@code null}
 */
public record CostRecord(
        String recordId,
        String service,
        String resourceId,
        Instant chargePeriodStart,
        Instant chargePeriodEnd,
        BigDecimal cost,
        String currency,
        Map<String, String> tags) {

    public CostRecord {
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(chargePeriodStart, "chargePeriodStart");
        Objects.requireNonNull(chargePeriodEnd, "chargePeriodEnd");
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(currency, "currency");
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        if (!chargePeriodEnd.isAfter(chargePeriodStart)) {
            throw new IllegalArgumentException(
                    "chargePeriodEnd "
                            + chargePeriodEnd
                            + " must be after chargePeriodStart "
                            + chargePeriodStart);
        }
    }

    /** Whether the cost belongs to no single service and is to be allocated across services. */
    public boolean isShared() {
        return service == null;
    }
}
