package dev.plimsoll.streams;

import java.time.Duration;
import java.util.Objects;

/**
 * Argument checks of this module's settings records ({@link StreamsSettings}, {@code
 * ClickHouseSinkSettings}): each throws with a message naming the component.
 */
public final class SettingsChecks {

    private SettingsChecks() {}

    /** {@code value} is not null and not blank. */
    public static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    /** {@code value} is not null and greater than zero. */
    public static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    /** {@code value} is not null and not negative. */
    public static void requireNonNegative(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must be >= 0, was " + value);
        }
    }

    /** {@code value} is at least {@code min}. */
    public static void requireAtLeast(int value, int min, String name) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ", was " + value);
        }
    }
}
