package dev.plimsoll.queryapi.params;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SeriesParametersTest {

    private final SeriesParameters parameters = new SeriesParameters();

    @Test
    void parsesRfc3339WithOffsetsAndFractions() {
        TimeRange range = parameters.range("2024-05-01T02:00:00+02:00", "2024-05-01t00:30:00.5z");

        parameters.throwIfInvalid();
        assertThat(range.from()).isEqualTo(Instant.parse("2024-05-01T00:00:00Z"));
        assertThat(range.to()).isEqualTo(Instant.parse("2024-05-01T00:30:00.500Z"));
    }

    @Test
    void missingTimesAreNamed() {
        parameters.range(null, "");

        assertThatThrownBy(parameters::throwIfInvalid)
                .isInstanceOfSatisfying(
                        InvalidParametersException.class,
                        e ->
                                assertThat(e.problems())
                                        .containsExactly(
                                                new InvalidParameter(
                                                        "from",
                                                        "is required: an RFC 3339 time such as"
                                                                + " 2024-05-01T00:00:00Z."),
                                                new InvalidParameter(
                                                        "to",
                                                        "is required: an RFC 3339 time such as"
                                                                + " 2024-05-01T00:00:00Z.")));
    }

    @Test
    void timesWithoutOffsetOrInOtherFormatsAreRefused() {
        parameters.range("2024-05-01T00:00:00", "1714521600");

        assertThatThrownBy(parameters::throwIfInvalid)
                .isInstanceOfSatisfying(
                        InvalidParametersException.class,
                        e ->
                                assertThat(e.problems())
                                        .extracting(InvalidParameter::name)
                                        .containsExactly("from", "to"));
    }

    @Test
    void fromMustBeBeforeTo() {
        parameters.range("2024-05-02T00:00:00Z", "2024-05-01T00:00:00Z");

        assertThatThrownBy(parameters::throwIfInvalid)
                .isInstanceOfSatisfying(
                        InvalidParametersException.class,
                        e ->
                                assertThat(e.problems())
                                        .containsExactly(
                                                new InvalidParameter(
                                                        "from",
                                                        "must be before to, but from is"
                                                                + " 2024-05-02T00:00:00Z and to is"
                                                                + " 2024-05-01T00:00:00Z.")));
    }

    @Test
    void equalFromAndToAreRefused() {
        parameters.range("2024-05-01T00:00:00Z", "2024-05-01T00:00:00Z");

        assertThatThrownBy(parameters::throwIfInvalid)
                .isInstanceOf(InvalidParametersException.class);
    }

    @Test
    void timesBeforeTheEpochAreRefused() {
        parameters.range("1969-12-31T23:59:59Z", "2024-05-01T00:00:00Z");

        assertThatThrownBy(parameters::throwIfInvalid)
                .hasMessageContaining("from: must lie between 1970-01-01T00:00:00Z and");
    }

    @Test
    void tenThousandPointsAreAllowed() {
        // 10 000 minutes exactly.
        TimeRange range = range("2024-05-01T00:00:00Z", "2024-05-07T22:40:00Z");

        assertThat(parameters.step("1m", range, 10_000)).contains(new Step(60));
        parameters.throwIfInvalid();
    }

    @Test
    void moreThanTenThousandPointsAreRefusedWithTheSmallestStepThatFits() {
        TimeRange range = range("2024-05-01T00:00:00Z", "2024-05-07T22:41:00Z");

        parameters.step("1m", range, 10_000);

        assertThatThrownBy(parameters::throwIfInvalid)
                .isInstanceOfSatisfying(
                        InvalidParametersException.class,
                        e ->
                                assertThat(e.problems())
                                        .containsExactly(
                                                new InvalidParameter(
                                                        "step",
                                                        "a step of 1m gives 10001 points for this"
                                                            + " range, more than the limit of"
                                                            + " 10000; use a step of at least 2m or"
                                                            + " a shorter range.")));
    }

    @Test
    void pointCountIncludesPartialStepsAtBothEnds() {
        // 10:30 to 12:30 with 1h steps touches the 10:00, 11:00 and 12:00 points.
        TimeRange range = range("2024-05-01T10:30:00Z", "2024-05-01T12:30:00Z");

        assertThat(SeriesParameters.pointCount(range, new Step(3600))).isEqualTo(3);
        assertThat(SeriesParameters.pointCount(range, new Step(60))).isEqualTo(120);
    }

    @Test
    void aRangeWithoutAMinuteStartHasNoPoints() {
        TimeRange range = range("2024-05-01T10:00:10Z", "2024-05-01T10:00:50Z");

        assertThat(range.containsNoMinute()).isTrue();
        assertThat(SeriesParameters.pointCount(range, new Step(60))).isZero();
    }

    @Test
    void smallestStepForAYearOfMinutes() {
        TimeRange year = range("2024-01-01T00:00:00Z", "2025-01-01T00:00:00Z");

        long step = SeriesParameters.smallestStep(year, 10_000);

        // 527 040 minutes (a leap year): 52-minute points are too many, 53-minute ones fit.
        assertThat(step).isEqualTo(53 * 60);
        assertThat(SeriesParameters.pointCount(year, new Step(step))).isLessThanOrEqualTo(10_000);
        assertThat(SeriesParameters.pointCount(year, new Step(step - 60))).isGreaterThan(10_000);
    }

    @Test
    void absentStepMeansOnePoint() {
        assertThat(parameters.step(null, null, 10_000)).isEqualTo(Optional.empty());
        assertThat(parameters.step("", null, 10_000)).isEqualTo(Optional.empty());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        TimeRange range = parameters.range("yesterday", "2024-05-01T00:00:00Z");
        parameters.step("30s", range, 10_000);
        parameters.quantiles("0.5,2");

        assertThatThrownBy(parameters::throwIfInvalid)
                .isInstanceOfSatisfying(
                        InvalidParametersException.class,
                        e ->
                                assertThat(e.problems())
                                        .extracting(InvalidParameter::name)
                                        .containsExactly("from", "step", "quantiles"));
    }

    @Test
    void blankServiceAndLongOperationAreRefused() {
        parameters.service(" ");
        parameters.operation("x".repeat(1025));
        parameters.tenant("t".repeat(257));

        assertThatThrownBy(parameters::throwIfInvalid)
                .isInstanceOfSatisfying(
                        InvalidParametersException.class,
                        e ->
                                assertThat(e.problems())
                                        .extracting(InvalidParameter::name)
                                        .containsExactly("service", "operation", "tenant"));
    }

    @Test
    void absentOperationIsTheWholeService() {
        assertThat(parameters.operation(null)).isEmpty();
        assertThat(parameters.operation("GET /orders/{id}")).isEqualTo("GET /orders/{id}");
    }

    private static TimeRange range(String from, String to) {
        return new TimeRange(Instant.parse(from), Instant.parse(to));
    }
}
