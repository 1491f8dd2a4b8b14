package dev.plimsoll.notify.delivery;

import dev.plimsoll.notify.format.RetryAfter;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

    private final Backoff backoff =
            new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), 0.2, Duration.ofMinutes(10));

    @Test
    void doublesFromTheInitialDelayUpToTheCap() {
        // Middle of the jitter range (random 0.5): factor exactly 1.
        assertThat(backoff.delay(1, null, () -> 0.5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.delay(2, null, () -> 0.5)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.delay(3, null, () -> 0.5)).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.delay(6, null, () -> 0.5)).isEqualTo(Duration.ofSeconds(32));
        assertThat(backoff.delay(7, null, () -> 0.5)).isEqualTo(Duration.ofSeconds(60));
        assertThat(backoff.delay(30, null, () -> 0.5)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void jitterSpreadsPlusMinusTwentyPercentAndNeverPassesTheCap() {
        assertThat(backoff.delay(3, null, () -> 0.0)).isEqualTo(Duration.ofMillis(3200));
        assertThat(backoff.delay(3, null, () -> 0.999999)).isEqualTo(Duration.ofMillis(4799));
        assertThat(backoff.delay(7, null, () -> 0.999999)).isEqualTo(Duration.ofSeconds(60));
        assertThat(backoff.delay(7, null, () -> 0.0)).isEqualTo(Duration.ofSeconds(48));
    }

    @Test
    void retryAfterIsHonouredExactlyUpToItsCap() {
        assertThat(backoff.delay(1, Duration.ofSeconds(2), () -> 0.0))
                .isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.delay(5, Duration.ofSeconds(2), () -> 0.9))
                .isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.delay(1, Duration.ofHours(3), () -> 0.5))
                .isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void retryAfterIsReadAsSecondsOrAnHttpDate() {
        Instant now = Instant.parse("2026-03-01T10:00:00Z");
        assertThat(RetryAfter.parse("2", now)).isEqualTo(Duration.ofSeconds(2));
        assertThat(RetryAfter.parse(" 120 ", now)).isEqualTo(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse("Sun, 01 Mar 2026 10:00:30 GMT", now))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse("Sun, 01 Mar 2026 09:00:00 GMT", now)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse("soon", now)).isNull();
        assertThat(RetryAfter.parse(null, now)).isNull();
    }
}
