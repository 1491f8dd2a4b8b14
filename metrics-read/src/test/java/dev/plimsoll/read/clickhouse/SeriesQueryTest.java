package dev.plimsoll.read.clickhouse;

import dev.plimsoll.read.params.Step;
import dev.plimsoll.read.params.TimeRange;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SeriesQueryTest {

    private static final long TEN = Instant.parse("2024-05-01T10:00:00Z").getEpochSecond();

    @Test
    void interiorPointsCoverTheWholeStep() {
        SeriesQuery query = query("2024-05-01T10:30:00Z", "2024-05-01T13:20:00Z", "1h");

        assertThat(query.coveredSeconds(TEN + 3600)).isEqualTo(3600);
    }

    @Test
    void edgePointsCoverOnlyTheirPartInsideTheRange() {
        SeriesQuery query = query("2024-05-01T10:30:00Z", "2024-05-01T13:20:00Z", "1h");

        assertThat(query.coveredSeconds(TEN)).isEqualTo(1800);
        assertThat(query.coveredSeconds(TEN + 3 * 3600)).isEqualTo(1200);
    }

    @Test
    void withoutStepTheRangeIsCovered() {
        SeriesQuery query = query("2024-05-01T10:00:30Z", "2024-05-01T11:00:00Z", null);

        // Minutes 10:01 .. 10:59 start inside the range.
        assertThat(query.coveredSeconds(0)).isEqualTo(59 * 60);
    }

    @Test
    void pointTimesAreStepStartsOrTheRangeStart() {
        assertThat(query("2024-05-01T10:30:00Z", "2024-05-01T13:20:00Z", "1h").pointTime(TEN))
                .isEqualTo("2024-05-01T10:00:00Z");
        assertThat(query("2024-05-01T10:30:00.250Z", "2024-05-01T13:20:00Z", null).pointTime(0))
                .isEqualTo("2024-05-01T10:30:00.250Z");
    }

    private static SeriesQuery query(String from, String to, String step) {
        return new SeriesQuery(
                "",
                "orders",
                "",
                new TimeRange(Instant.parse(from), Instant.parse(to)),
                Optional.ofNullable(step).map(Step::parse));
    }
}
