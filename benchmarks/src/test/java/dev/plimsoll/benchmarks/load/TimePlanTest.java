package dev.plimsoll.benchmarks.load;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TimePlanTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:30:25Z");
    private static final Duration GRACE = Duration.ofMinutes(2);

    private static TimePlan.Block block(String start, String end, String marker) {
        return new TimePlan.Block(Instant.parse(start), Instant.parse(end), Instant.parse(marker));
    }

    @Test
    void twoPathsEndAtTheCurrentMinute() {
        TimePlan plan = TimePlan.plan(NOW, 2, 3, GRACE, Optional.empty());

        // 10:19-10:22, marker 10:22 + 2 min; next block from the minute after the marker's.
        assertThat(plan.blocks())
                .containsExactly(
                        block(
                                "2026-03-01T10:19:00Z",
                                "2026-03-01T10:22:00Z",
                                "2026-03-01T10:24:00Z"),
                        block(
                                "2026-03-01T10:25:00Z",
                                "2026-03-01T10:28:00Z",
                                "2026-03-01T10:30:00Z"));
        assertThat(plan.aheadOf(NOW)).isNegative();
    }

    /**
     * Earlier runs left the clock at 10:33:10, past this run's minutes (ending now): the events are
     * corrections that arrive in the clock's minute 10:33 and are written when it ends, 10:34:00;
     * the first marker is moved there, and the second block, behind it, arrives in 10:34: its
     * marker moves to 10:35. The blocks themselves stay in the recent past.
     */
    @Test
    void aRunBehindTheClockKeepsItsRecentMinutesAndMovesItsMarkersToCloseTheCorrections() {
        Optional<Instant> clock = Optional.of(Instant.parse("2026-03-01T10:33:10Z"));
        TimePlan plan = TimePlan.plan(NOW, 2, 3, GRACE, clock);

        assertThat(plan.blocks())
                .containsExactly(
                        block(
                                "2026-03-01T10:19:00Z",
                                "2026-03-01T10:22:00Z",
                                "2026-03-01T10:34:00Z"),
                        block(
                                "2026-03-01T10:25:00Z",
                                "2026-03-01T10:28:00Z",
                                "2026-03-01T10:35:00Z"));
        assertThat(plan.aheadOf(NOW)).isEqualTo(Duration.parse("PT4M35S"));
        assertThat(TimePlan.late(plan.blocks().get(0), GRACE, clock)).isTrue();
        assertThat(TimePlan.late(plan.blocks().get(0), GRACE, Optional.empty())).isFalse();
    }

    @Test
    void anOldStreamTimeChangesNothing() {
        assertThat(
                        TimePlan.plan(
                                NOW,
                                2,
                                3,
                                GRACE,
                                Optional.of(Instant.parse("2026-03-01T09:00:00Z"))))
                .isEqualTo(TimePlan.plan(NOW, 2, 3, GRACE, Optional.empty()));
    }

    @Test
    void aGraceOfSecondsKeepsBlocksOnWholeMinutes() {
        TimePlan plan = TimePlan.plan(NOW, 3, 1, Duration.ofSeconds(30), Optional.empty());

        assertThat(plan.blocks())
                .containsExactly(
                        block(
                                "2026-03-01T10:24:00Z",
                                "2026-03-01T10:25:00Z",
                                "2026-03-01T10:25:30Z"),
                        block(
                                "2026-03-01T10:26:00Z",
                                "2026-03-01T10:27:00Z",
                                "2026-03-01T10:27:30Z"),
                        block(
                                "2026-03-01T10:28:00Z",
                                "2026-03-01T10:29:00Z",
                                "2026-03-01T10:29:30Z"));
    }

    /**
     * The rules the streams job applies: a minute m closes when stream time reaches m + 1 min +
     * grace; an event of a closed minute would be a correction, so on a fresh Plimsoll no block may
     * be behind the previous marker.
     */
    @Test
    void eachMarkerClosesItsBlockAndNoBlockIsLateAfterThePreviousMarker() {
        for (int minutes = 1; minutes <= 6; minutes++) {
            for (Duration grace : new Duration[] {Duration.ZERO, Duration.ofSeconds(45), GRACE}) {
                TimePlan plan = TimePlan.plan(NOW, 3, minutes, grace, Optional.empty());
                TimePlan.Block previous = null;
                for (TimePlan.Block b : plan.blocks()) {
                    assertThat(Duration.between(b.start(), b.end()).toMinutes()).isEqualTo(minutes);
                    assertThat(b.start().getEpochSecond() % 60).isZero();
                    Instant lastMinute = b.end().minus(Duration.ofMinutes(1));
                    assertThat(lastMinute.plus(Duration.ofMinutes(1)).plus(grace))
                            .isBeforeOrEqualTo(b.marker());
                    if (previous != null) {
                        assertThat(b.start().plus(Duration.ofMinutes(1)).plus(grace))
                                .isAfter(previous.marker());
                        assertThat(b.start()).isAfter(previous.marker());
                    }
                    previous = b;
                }
                assertThat(previous.marker()).isBeforeOrEqualTo(NOW);
            }
        }
    }
}
