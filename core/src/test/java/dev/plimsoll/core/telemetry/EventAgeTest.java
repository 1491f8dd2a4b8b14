package dev.plimsoll.core.telemetry;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventAgeTest {

    private static final Instant NOW = Instant.parse("2026-03-15T12:00:00Z");
    private static final long NOW_MICROS = NOW.toEpochMilli() * 1000;

    private static RequestEvent startingAt(Instant start) {
        return new RequestEvent(
                "orders", "GET /", start.toEpochMilli() * 1000, 5, 200, false, null, null);
    }

    @Test
    void eventsUpToTheLimitAreAcceptedOlderOnesRejectedNamingTheLimit() {
        Function<RequestEvent, Validation<RequestEvent>> guard =
                EventAge.guard(Duration.ofDays(14), NOW_MICROS);

        assertThat(guard.apply(startingAt(NOW.minus(Duration.ofDays(14)))).isAccepted()).isTrue();
        assertThat(guard.apply(startingAt(NOW)).isAccepted()).isTrue();
        Validation<RequestEvent> old =
                guard.apply(startingAt(NOW.minus(Duration.ofDays(14)).minusMillis(1)));
        assertThat(old)
                .isEqualTo(
                        Validation.rejected(
                                "start",
                                "is older than the accepted age of 14d"
                                        + " (plimsoll.ingest.max-event-age):"
                                        + " 2026-03-01T11:59:59.999Z is 14d 0h 0m 0.001s before the"
                                        + " server's time 2026-03-15T12:00:00Z"));
        Validation<RequestEvent> older =
                guard.apply(startingAt(NOW.minus(Duration.ofDays(16)).minusSeconds(7_201)));
        assertThat(((Validation.Rejected<RequestEvent>) older).problem())
                .endsWith(
                        "2026-02-27T09:59:59Z is 16d 2h 0m 1s before the server's time"
                                + " 2026-03-15T12:00:00Z");
    }

    @Test
    void theLimitMustBePositive() {
        assertThatThrownBy(() -> EventAge.guard(Duration.ZERO, NOW_MICROS))
                .hasMessage("plimsoll.ingest.max-event-age must be positive, was PT0S");
    }

    @Test
    void guardsChainAndStopAtTheFirstRejection() {
        Function<RequestEvent, Validation<RequestEvent>> stamp =
                e -> Validation.accepted(e.withTenant("acme"));
        Function<RequestEvent, Validation<RequestEvent>> both =
                EventAge.andThen(EventAge.guard(Duration.ofHours(1), NOW_MICROS), stamp);
        assertThat(both.apply(startingAt(NOW)))
                .isEqualTo(Validation.accepted(startingAt(NOW).withTenant("acme")));
        assertThat(both.apply(startingAt(NOW.minus(Duration.ofHours(2)))))
                .isInstanceOf(Validation.Rejected.class);
    }

    @Test
    void durationsReadLikeAPersonWouldWriteThem() {
        assertThat(EventAge.readable(Duration.ofDays(14))).isEqualTo("14d");
        assertThat(EventAge.readable(Duration.ofHours(3).plusMinutes(5))).isEqualTo("3h 5m");
        assertThat(EventAge.readable(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(EventAge.readable(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(EventAge.readable(Duration.ofDays(1).plusSeconds(1))).isEqualTo("1d 0h 0m 1s");
    }
}
