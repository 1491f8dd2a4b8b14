package dev.plimsoll.core.alert.rule;

import java.time.Duration;

/** The window and metric of a leaf condition (Java 17: no pattern switch). */
public final class RuleWindows {

    private RuleWindows() {}

    /**
     * The evaluation window of a leaf condition.
     *
     * @throws IllegalArgumentException for an {@code all} condition, which has none of its own
     */
    public static Duration window(Condition c) {
        if (c instanceof Condition.Threshold t) {
            return t.window();
        }
        if (c instanceof Condition.Change ch) {
            return ch.window();
        }
        if (c instanceof Condition.Drift d) {
            return d.window();
        }
        throw new IllegalArgumentException("an all condition has no window of its own");
    }

    /**
     * The metric of a leaf condition.
     *
     * @throws IllegalArgumentException for an {@code all} condition
     */
    public static AlertMetric metric(Condition c) {
        if (c instanceof Condition.Threshold t) {
            return t.metric();
        }
        if (c instanceof Condition.Change ch) {
            return ch.metric();
        }
        if (c instanceof Condition.Drift d) {
            return d.metric();
        }
        throw new IllegalArgumentException("an all condition has no metric of its own");
    }
}
