package dev.plimsoll.queryapi.params;

import dev.plimsoll.read.params.Step;
import dev.plimsoll.read.params.TimeRange;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SeriesParametersTest {

    private static final String REQUIRED =
            "is required: an RFC 3339 time such as 2024-05-01T00:00:00Z.";

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

        assertThat(problems())
                .containsExactly(
                        new InvalidParameter("from", REQUIRED),
                        new InvalidParameter("to", REQUIRED));
    }

    @Test
    void fromMustBeBeforeTo() {
        parameters.range("2024-05-02T00:00:00Z", "2024-05-01T00:00:00Z");

        assertThat(problems())
                .containsExactly(
                        new InvalidParameter(
                                "from",
                                "must be before to, but from is 2024-05-02T00:00:00Z and to is"
                                        + " 2024-05-01T00:00:00Z."));
    }

    @Test
    void timesBeforeTheEpochAreRefused() {
        parameters.range("1969-12-31T23:59:59Z", "2024-05-01T00:00:00Z");

        assertThat(problems())
                .containsExactly(
                        new InvalidParameter(
                                "from",
                                "must lie between 1970-01-01T00:00:00Z and 2106-02-07T06:28:00Z."));
    }

    /** What is sent, and the parameters the one exception names, in order. */
    static Stream<Arguments> refusals() {
        return Stream.of(
                refusal(
                        "times without offset or in other formats",
                        p -> p.range("2024-05-01T00:00:00", "1714521600"),
                        "from",
                        "to"),
                refusal(
                        "equal from and to",
                        p -> p.range("2024-05-01T00:00:00Z", "2024-05-01T00:00:00Z"),
                        "from"),
                refusal(
                        "every problem is reported at once",
                        p -> {
                            TimeRange range = p.range("yesterday", "2024-05-01T00:00:00Z");
                            p.step("30s", range, 10_000);
                            p.quantiles("0.5,2");
                        },
                        "from",
                        "step",
                        "quantiles"),
                refusal(
                        "blank service, long operation and tenant",
                        p -> {
                            p.service(" ");
                            p.operation("x".repeat(1025));
                            p.tenant("t".repeat(257));
                        },
                        "service",
                        "operation",
                        "tenant"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusedParametersAreNamed(
            String sent, Consumer<SeriesParameters> send, List<String> names) {
        send.accept(parameters);

        assertThat(problems()).extracting(InvalidParameter::name).containsExactlyElementsOf(names);
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

        assertThat(problems())
                .containsExactly(
                        new InvalidParameter(
                                "step",
                                "a step of 1m gives 10001 points for this range, more than the"
                                        + " limit of 10000; use a step of at least 2m or a shorter"
                                        + " range."));
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
    void absentOperationIsTheWholeService() {
        assertThat(parameters.operation(null)).isEmpty();
        assertThat(parameters.operation("GET /orders/{id}")).isEqualTo("GET /orders/{id}");
    }

    /** The problems of the one exception {@code throwIfInvalid} must throw now. */
    private List<InvalidParameter> problems() {
        InvalidParametersException e =
                catchThrowableOfType(InvalidParametersException.class, parameters::throwIfInvalid);
        assertThat(e).as("an InvalidParametersException").isNotNull();
        return e.problems();
    }

    private static Arguments refusal(
            String sent, Consumer<SeriesParameters> send, String... names) {
        return Arguments.of(sent, send, List.of(names));
    }

    private static TimeRange range(String from, String to) {
        return new TimeRange(Instant.parse(from), Instant.parse(to));
    }
}
