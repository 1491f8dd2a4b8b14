package dev.plimsoll.core.telemetry;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a cost record came from when it belongs to an <em>import</em>: one upload of a FOCUS
 * export's rows for one billing account and billing period (the import's <em>scope</em>).
 *
 * <p>The replacement rule (ADR 0017): an import replaces everything earlier imports said for its
 * scope, once all of its {@code rows} records have arrived; an import of identical content (the
 * same {@code generation}) changes nothing; of two imports of a scope the later {@code importedAt}
 * wins (ties: the greater {@code generation}). Records without import information keep the {@code
 * recordId} rule instead.
 *
 * <p>Immutable and thread-safe.
 *
 * @param billingAccountId FOCUS {@code BillingAccountId}
 * @param billingPeriodStart FOCUS {@code BillingPeriodStart} (inclusive)
 * @param billingPeriodEnd FOCUS {@code BillingPeriodEnd} (exclusive), after the start
 * @param generation identity of the import's content: the same rows give the same generation
 * @param rows how many records the import has for this scope, {@code >= 1}
 * @param row this record's position among them, {@code 0 .. rows-1}
 * @param importedAt when the import was received
 */
public record CostImport(
        String billingAccountId,
        Instant billingPeriodStart,
        Instant billingPeriodEnd,
        String generation,
        int rows,
        int row,
        Instant importedAt) {

    /** Most characters of a {@code generation}. */
    public static final int MAX_GENERATION_LENGTH = 128;

    public CostImport {
        Objects.requireNonNull(billingAccountId, "billingAccountId");
        Objects.requireNonNull(billingPeriodStart, "billingPeriodStart");
        Objects.requireNonNull(billingPeriodEnd, "billingPeriodEnd");
        Objects.requireNonNull(generation, "generation");
        Objects.requireNonNull(importedAt, "importedAt");
        if (!billingPeriodEnd.isAfter(billingPeriodStart)) {
            throw new IllegalArgumentException(
                    "billingPeriodEnd "
                            + billingPeriodEnd
                            + " must be after billingPeriodStart "
                            + billingPeriodStart);
        }
        if (rows < 1 || row < 0 || row >= rows) {
            throw new IllegalArgumentException(
                    "row must be in 0.." + (rows - 1) + " of rows " + rows + ", was " + row);
        }
    }

    /**
     * The scope this import replaces: billing account and billing period, as one key, e.g. {@code
     * 123456789012|2026-03-01T00:00:00.000000Z|2026-04-01T00:00:00.000000Z}.
     */
    public String scope() {
        return scopeOf(billingAccountId, billingPeriodStart, billingPeriodEnd);
    }

    /** The scope key of a billing account and period (see {@link #scope()}). */
    public static String scopeOf(String account, Instant periodStart, Instant periodEnd) {
        return account
                + "|"
                + CostRecordCodec.format(periodStart)
                + "|"
                + CostRecordCodec.format(periodEnd);
    }

    /** This import's position with another row index. */
    public CostImport withRow(int index) {
        return new CostImport(
                billingAccountId,
                billingPeriodStart,
                billingPeriodEnd,
                generation,
                rows,
                index,
                importedAt);
    }
}
