package dev.plimsoll.core.alert.rule;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a rule checks at each evaluation. A leaf condition watches one metric over a window; {@link
 * All} requires several leaves at once. {@code for} (how long the condition must hold before the
 * alert fires) and {@code keepFiringFor} (how long a firing alert stays firing after it stops
 * holding) belong to the top-level condition. Immutable and thread-safe.
 */
public sealed interface Condition
        permits Condition.Threshold, Condition.Change, Condition.Drift, Condition.All {

    /** The wire name of the kind: {@code threshold}, {@code change}, {@code drift}, {@code all}. */
    String type();

    /** How long the condition must hold before the alert fires; zero fires at once. */
    Duration forDuration();

    /** How long a firing alert keeps firing after the condition stops holding. */
    Duration keepFiringFor();

    /** Up or down for thresholds and drift. */
    enum Direction {
        ABOVE,
        BELOW
    }

    /**
     * The value over the last {@code window} is above (below) {@code value}.
     *
     * @param metric the metric (the rule's unless a condition of {@code all} names another)
     * @param direction above or below
     * @param value the line, in the metric's unit (ms for latency)
     * @param recover with hysteresis, the line a firing alert must cross back to resolve ({@code
     *     recoverBelow} for above, {@code recoverAbove} for below); {@code null} without
     * @param window the evaluation window
     */
    record Threshold(
            AlertMetric metric,
            Direction direction,
            BigDecimal value,
            BigDecimal recover,
            Duration window,
            Duration forDuration,
            Duration keepFiringFor)
            implements Condition {
        public Threshold {
            Objects.requireNonNull(metric, "metric");
            Objects.requireNonNull(direction, "direction");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(forDuration, "forDuration");
            Objects.requireNonNull(keepFiringFor, "keepFiringFor");
        }

        @Override
        public String type() {
            return "threshold";
        }
    }

    /** Which baseline a change is measured against. */
    enum Baseline {
        /** The window just before the current one. */
        PREVIOUS_PERIOD,
        /** The same window {@code weeks} weeks earlier. */
        WEEKS_AGO
    }

    /** What a change condition asks of the relative change. */
    enum ChangeKind {
        /** Up by more than {@code by}. */
        INCREASE,
        /** Down by more than {@code by}. */
        DECREASE,
        /** Within ± {@code by} (a flat signal, e.g. "requests flat"). */
        WITHIN
    }

    /**
     * The value over the last {@code window} changed against a baseline window by more than {@code
     * by} (a fraction, 0.2 for 20 %) and, when {@code atLeast} is set, by at least that much in the
     * metric's unit; or, for {@link ChangeKind#WITHIN}, by no more than {@code by}.
     *
     * @param weeks for {@link Baseline#WEEKS_AGO}, how many weeks back (1 to 8); otherwise 0
     */
    record Change(
            AlertMetric metric,
            ChangeKind kind,
            BigDecimal by,
            BigDecimal atLeast,
            Baseline baseline,
            int weeks,
            Duration window,
            Duration forDuration,
            Duration keepFiringFor)
            implements Condition {
        public Change {
            Objects.requireNonNull(metric, "metric");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(by, "by");
            Objects.requireNonNull(baseline, "baseline");
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(forDuration, "forDuration");
            Objects.requireNonNull(keepFiringFor, "keepFiringFor");
        }

        /** How far back the baseline window ends: one window, or {@code weeks} weeks. */
        public Duration baselineOffset() {
            return baseline == Baseline.PREVIOUS_PERIOD ? window : Duration.ofDays(7L * weeks);
        }

        @Override
        public String type() {
            return "change";
        }
    }

    /**
     * A sustained monotonic trend over a long window (days to weeks): the seasonal Mann–Kendall
     * test on hourly values (each hour of the day compared only with the same hour on other days,
     * so a daily pattern is no trend) rejects "no trend" at {@code confidence}, and the seasonal
     * Theil–Sen slope is at least {@code minChangePerDay} of the level (0.005 for 0.5 % a day). See
     * ADR 0022.
     *
     * @param direction {@code ABOVE}: a rising trend degrades; {@code BELOW}: a falling one
     */
    record Drift(
            AlertMetric metric,
            Direction direction,
            Duration window,
            BigDecimal minChangePerDay,
            BigDecimal confidence,
            Duration forDuration,
            Duration keepFiringFor)
            implements Condition {
        public Drift {
            Objects.requireNonNull(metric, "metric");
            Objects.requireNonNull(direction, "direction");
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(minChangePerDay, "minChangePerDay");
            Objects.requireNonNull(confidence, "confidence");
            Objects.requireNonNull(forDuration, "forDuration");
            Objects.requireNonNull(keepFiringFor, "keepFiringFor");
        }

        @Override
        public String type() {
            return "drift";
        }
    }

    /**
     * Every condition in {@code conditions} holds at once: the multi-signal scale trigger ("P95
     * above 300 ms and peak concurrency above 200 for 10m"). The parts have no {@code for} of their
     * own.
     */
    record All(List<Condition> conditions, Duration forDuration, Duration keepFiringFor)
            implements Condition {
        public All {
            conditions = List.copyOf(conditions);
            if (conditions.size() < 2) {
                throw new IllegalArgumentException("an all condition needs at least two parts");
            }
            Objects.requireNonNull(forDuration, "forDuration");
            Objects.requireNonNull(keepFiringFor, "keepFiringFor");
        }

        @Override
        public String type() {
            return "all";
        }
    }
}
