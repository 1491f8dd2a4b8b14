package dev.plimsoll.read.params;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StepTest {

    @ParameterizedTest
    @CsvSource({
        "60s,60",
        "120s,120",
        "1m,60",
        "5m,300",
        "1h,3600",
        "36h,129600",
        "1d,86400",
        "1w,604800"
    })
    void parsesUnits(String text, long seconds) {
        assertThat(Step.parse(text).seconds()).isEqualTo(seconds);
    }

    @Test
    void refusesSubMinuteSteps() {
        assertThatThrownBy(() -> Step.parse("30s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "'30s' is not a whole number of minutes; data is stored per minute, so use"
                                + " 60s, 120s, 5m and the like.");
        assertThatThrownBy(() -> Step.parse("90s")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"5", "m", "0m", "-5m", "5 m", "5M", "5min", "1.5h", "PT5M", "05m"})
    void refusesOtherSyntax(String text) {
        assertThatThrownBy(() -> Step.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "'"
                                + text
                                + "' is not a step; write a number and a unit (s, m, h, d or w),"
                                + " such as 60s, 5m, 1h or 1d.");
    }

    @Test
    void refusesHugeSteps() {
        assertThatThrownBy(() -> Step.parse("9999999999w"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("longer than the largest step");
    }

    @Test
    void labelsUseTheLargestWholeUnit() {
        assertThat(Step.parse("60s").label()).isEqualTo("1m");
        assertThat(Step.parse("120m").label()).isEqualTo("2h");
        assertThat(Step.parse("24h").label()).isEqualTo("1d");
        assertThat(Step.parse("14d").label()).isEqualTo("2w");
        assertThat(Step.parse("90m").label()).isEqualTo("90m");
    }

    @Test
    void floorsToMultiplesSinceTheEpoch() {
        Step fiveMinutes = Step.parse("5m");

        assertThat(fiveMinutes.floor(1_714_557_780L)).isEqualTo(1_714_557_600L); // 10:03 -> 10:00
        assertThat(fiveMinutes.floor(1_714_557_600L)).isEqualTo(1_714_557_600L);
    }
}
