package dev.plimsoll.core.alert.eval;

import java.math.BigDecimal;

/**
 * A metric's value over one window, with the number of requests it rests on.
 *
 * @param value the value in the metric's unit, or {@code null} when there is no data
 * @param samples the requests counted in the window (0 when the metric has no samples)
 */
public record Observation(BigDecimal value, long samples) {

    /** No data at all. */
    public static final Observation ABSENT = new Observation(null, 0);

    public Observation {
        if (samples < 0) {
            throw new IllegalArgumentException("samples must be >= 0, but was " + samples);
        }
    }

    /** Whether there is a value. */
    public boolean present() {
        return value != null;
    }
}
