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
 * <p><b>Replacement.</b> A record with {@link #costImport()} belongs to an import of a FOCUS export
 * and follows its rule: an import replaces everything earlier imports said for the same billing
 * account and billing period ({@link CostImport}). Any other record is replaced by a later record
 * with the same {@code recordId} (billing restatements): consumers keep the last value per id.
 *
 * <p>The amount is an exact decimal with at most 18 fraction digits and less than 10<sup>15</sup>
 * in magnitude, stored as {@code Decimal(38, 18)}; it may be negative (credits, refunds). {@code
 * service} is the owning service only when the sender named it; otherwise the cost job attributes
 * the record by its tags ({@code dev.plimsoll.core.cost.ServiceAttribution}), and a record it
 * cannot attribute is a shared cost. Immutable and thread-safe ({@code tags} is an unmodifiable
 * copy).
 *
 * @param recordId the billing line's identity, stable across restatements
 * @param service the service the sender named, or {@code null}
 * @param resourceId the cloud resource, or {@code null}
 * @param chargePeriodStart inclusive start of the period the cost covers
 * @param chargePeriodEnd exclusive end of that period, after {@code chargePeriodStart}
 * @param cost the amount, exact
 * @param currency ISO 4217 code, three upper-case letters
 * @param tags resource tags, never {@code null}
 * @param costImport the import this record belongs to, or {@code null}
 */
public record CostRecord(
        String recordId,
        String service,
        String resourceId,
        Instant chargePeriodStart,
        Instant chargePeriodEnd,
        BigDecimal cost,
        String currency,
        Map<String, String> tags,
        CostImport costImport) {

    /** A record outside any import (the {@code recordId} rule applies). */
    public CostRecord(
            String recordId,
            String service,
            String resourceId,
            Instant chargePeriodStart,
            Instant chargePeriodEnd,
            BigDecimal cost,
            String currency,
            Map<String, String> tags) {
        this(
                recordId,
                service,
                resourceId,
                chargePeriodStart,
                chargePeriodEnd,
                cost,
                currency,
                tags,
                null);
    }

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
}
