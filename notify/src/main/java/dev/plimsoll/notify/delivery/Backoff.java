package dev.plimsoll.notify.delivery;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * When to try again: capped exponential backoff with jitter, unless the receiver said when.
 *
 * <p>After attempt {@code n} (1-based) the base delay is {@code min(max, initial × 2^(n-1))}; the
 * delay is the base scaled by a uniform factor in {@code [1 − jitter, 1 + jitter]} and capped at
 * {@code max} again, so that receivers recovering from an outage are not hit by every sender at
 * once. A {@code Retry-After} replaces it (up to {@code maxRetryAfter}): the receiver's word is
 * honoured exactly, never shortened. Immutable and thread-safe (given a thread-safe random source).
 *
 * @param initial the delay after the first failed attempt
 * @param max the cap of the computed delay
 * @param jitter the relative spread, 0 to 1
 * @param maxRetryAfter the longest {@code Retry-After} honoured; longer asks wait this long
 */
public record Backoff(Duration initial, Duration max, double jitter, Duration maxRetryAfter) {

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial backoff must be positive");
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max backoff must not be below the initial one");
        }
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("jitter must be within 0 and 1");
        }
    }

    /**
     * The delay after {@code attempts} failed attempts.
     *
     * @param retryAfter what the receiver asked for, or null
     * @param random a uniform source in [0, 1)
     */
    public Duration delay(int attempts, Duration retryAfter, DoubleSupplier random) {
        if (retryAfter != null) {
            return retryAfter.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter;
        }
        double base = initial.toMillis() * Math.pow(2, Math.max(0, attempts - 1));
        double capped = Math.min(max.toMillis(), base);
        double factor = 1 - jitter + 2 * jitter * random.getAsDouble();
        long ms = (long) Math.min(max.toMillis(), capped * factor);
        return Duration.ofMillis(Math.max(1, ms));
    }
}
