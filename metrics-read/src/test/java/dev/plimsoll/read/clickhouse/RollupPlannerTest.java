package dev.plimsoll.read.clickhouse;

import dev.plimsoll.read.params.Step;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static dev.plimsoll.read.clickhouse.Resolution.DAY;
import static dev.plimsoll.read.clickhouse.Resolution.HOUR;
import static dev.plimsoll.read.clickhouse.Resolution.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;

class RollupPlannerTest {

    @Test
    void alignedDaysWithoutStepReadTheDayTable() {
        assertThat(plan("2024-05-01T00:00:00Z", "2024-05-04T00:00:00Z", null))
                .containsExactly(segment(DAY, "2024-05-01T00:00:00Z", "2024-05-04T00:00:00Z"));
    }

    @Test
    void unalignedRangeWithoutStepUsesFinerTablesAtTheEdges() {
        assertThat(plan("2024-05-01T10:30:00Z", "2024-05-04T02:15:00Z", null))
                .containsExactly(
                        segment(MINUTE, "2024-05-01T10:30:00Z", "2024-05-01T11:00:00Z"),
                        segment(HOUR, "2024-05-01T11:00:00Z", "2024-05-02T00:00:00Z"),
                        segment(DAY, "2024-05-02T00:00:00Z", "2024-05-04T00:00:00Z"),
                        segment(HOUR, "2024-05-04T00:00:00Z", "2024-05-04T02:00:00Z"),
                        segment(MINUTE, "2024-05-04T02:00:00Z", "2024-05-04T02:15:00Z"));
    }

    @Test
    void hourlyStepNeverReadsDays() {
        assertThat(plan("2024-05-01T00:00:00Z", "2024-05-03T00:00:00Z", "1h"))
                .containsExactly(segment(HOUR, "2024-05-01T00:00:00Z", "2024-05-03T00:00:00Z"));
    }

    @Test
    void dailyStepReadsDays() {
        assertThat(plan("2024-05-01T00:00:00Z", "2024-05-08T00:00:00Z", "1d"))
                .containsExactly(segment(DAY, "2024-05-01T00:00:00Z", "2024-05-08T00:00:00Z"));
    }

    @Test
    void minuteStepsReadMinutesOnly() {
        assertThat(plan("2024-05-01T00:00:00Z", "2024-05-03T00:00:00Z", "5m"))
                .containsExactly(segment(MINUTE, "2024-05-01T00:00:00Z", "2024-05-03T00:00:00Z"));
    }

    @Test
    void stepsThatAreNotWholeHoursReadMinutes() {
        assertThat(plan("2024-05-01T00:00:00Z", "2024-05-03T00:00:00Z", "90m"))
                .containsExactly(segment(MINUTE, "2024-05-01T00:00:00Z", "2024-05-03T00:00:00Z"));
    }

    @Test
    void twoHourStepsReadHours() {
        assertThat(plan("2024-05-01T00:00:00Z", "2024-05-02T00:00:00Z", "2h"))
                .containsExactly(segment(HOUR, "2024-05-01T00:00:00Z", "2024-05-02T00:00:00Z"));
    }

    @Test
    void hourlyStepWithUnalignedRangeUsesMinutesAtTheEdges() {
        assertThat(plan("2024-05-01T10:30:00Z", "2024-05-01T13:20:00Z", "1h"))
                .containsExactly(
                        segment(MINUTE, "2024-05-01T10:30:00Z", "2024-05-01T11:00:00Z"),
                        segment(HOUR, "2024-05-01T11:00:00Z", "2024-05-01T13:00:00Z"),
                        segment(MINUTE, "2024-05-01T13:00:00Z", "2024-05-01T13:20:00Z"));
    }

    @Test
    void rangeShorterThanAnHourReadsMinutes() {
        assertThat(plan("2024-05-01T10:05:00Z", "2024-05-01T10:50:00Z", null))
                .containsExactly(segment(MINUTE, "2024-05-01T10:05:00Z", "2024-05-01T10:50:00Z"));
    }

    @Test
    void emptyMinuteRangeHasNoSegments() {
        assertThat(RollupPlanner.plan(600, 600, Optional.empty())).isEmpty();
    }

    @Test
    void segmentsAreContiguousAndCoverEveryMinuteOnce() {
        long from = Instant.parse("2024-02-27T23:17:00Z").getEpochSecond();
        long to = Instant.parse("2024-03-02T01:43:00Z").getEpochSecond();
        for (String step : new String[] {null, "1m", "5m", "1h", "3h", "1d", "1w"}) {
            List<Segment> segments =
                    RollupPlanner.plan(from, to, Optional.ofNullable(step).map(Step::parse));
            assertThat(segments.get(0).start()).isEqualTo(from);
            assertThat(segments.get(segments.size() - 1).end()).isEqualTo(to);
            for (int i = 1; i < segments.size(); i++) {
                assertThat(segments.get(i).start()).isEqualTo(segments.get(i - 1).end());
            }
        }
    }

    private static List<Segment> plan(String from, String to, String step) {
        return RollupPlanner.plan(
                Instant.parse(from).getEpochSecond(),
                Instant.parse(to).getEpochSecond(),
                Optional.ofNullable(step).map(Step::parse));
    }

    private static Segment segment(Resolution resolution, String from, String to) {
        return new Segment(
                resolution,
                Instant.parse(from).getEpochSecond(),
                Instant.parse(to).getEpochSecond());
    }
}
