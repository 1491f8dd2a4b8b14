package dev.plimsoll.core.alert.eval;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What one evaluation of a condition found.
 *
 * @param outcome holds, clear, or unknown (and why)
 * @param value the value compared, in the metric's unit, or {@code null}
 * @param threshold the line it is compared with, or {@code null} (drift)
 * @param baseline the baseline of a change or drift, or {@code null}
 * @param headroomPercent how far the value is from the line in percent of the line: positive on the
 *     safe side, negative past it; {@code null} without a line
 * @param samples the requests the value rests on
 * @param description one phrase for the alert's summary, e.g. {@code latency.p95 312.4ms above
 *     300ms}
 */
public record Verdict(
        Outcome outcome,
        BigDecimal value,
        BigDecimal threshold,
        BigDecimal baseline,
        BigDecimal headroomPercent,
        long samples,
        String description) {

    /** The outcome of an evaluation. */
    public enum Outcome {
        /** The condition holds. */
        HOLDS,
        /** The condition does not hold. */
        CLEAR,
        /** No data in the window: the alert keeps its state; the no-data meta-alert may fire. */
        NO_DATA,
        /** Fewer requests than {@code minSamples}: the alert keeps its state, silently. */
        TOO_FEW_SAMPLES
    }

    public Verdict {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(description, "description");
    }

    /** Whether the outcome is known (holds or clear). */
    public boolean known() {
        return outcome == Outcome.HOLDS || outcome == Outcome.CLEAR;
    }
}
