package dev.plimsoll.core.cost;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HourSpreadTest {

    private static final Instant MARCH_1 = Instant.parse("2026-03-01T00:00:00Z");
    private static final long H0 = MARCH_1.getEpochSecond();

    private static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    private static BigDecimal sum(Map<Long, BigDecimal> parts) {
        return parts.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    @Test
    void anHourlyRecordLandsInItsHourAtEighteenPlaces() {
        Map<Long, BigDecimal> parts =
                HourSpread.spread(
                        d("0.1632"), MARCH_1.plusSeconds(7200), MARCH_1.plusSeconds(10800));
        assertThat(parts).containsExactly(Map.entry(H0 + 7200, d("0.163200000000000000")));
        assertThat(parts.get(H0 + 7200).scale()).isEqualTo(18);
    }

    @Test
    void aDailyRecordGivesTheLeftoverUnitsToTheEarliestHours() {
        // 1 / 24 = 0.041666666666666666|666...: 24 × 0.041666666666666666 leaves 16 units of
        // 10^-18, which go to hours 00..15.
        Map<Long, BigDecimal> parts =
                HourSpread.spread(d("1"), MARCH_1, MARCH_1.plusSeconds(86400));
        assertThat(parts).hasSize(24);
        List<BigDecimal> values = new ArrayList<>(parts.values());
        for (int h = 0; h < 24; h++) {
            assertThat(values.get(h))
                    .as("hour %d", h)
                    .isEqualTo(h < 16 ? d("0.041666666666666667") : d("0.041666666666666666"));
        }
        assertThat(sum(parts)).isEqualByComparingTo("1");
        assertThat(parts.keySet()).first().isEqualTo(H0);
        assertThat(parts.keySet()).last().isEqualTo(H0 + 23 * 3600);
    }

    @Test
    void aPartialPeriodSplitsByTimeInEachHour() {
        // 10:30-12:00: 30 minutes in 10:00, 60 in 11:00 → 1/3 and 2/3.
        Map<Long, BigDecimal> parts =
                HourSpread.spread(
                        d("0.09"),
                        Instant.parse("2026-03-01T10:30:00Z"),
                        Instant.parse("2026-03-01T12:00:00Z"));
        assertThat(parts)
                .containsExactly(
                        Map.entry(H0 + 10 * 3600, d("0.030000000000000000")),
                        Map.entry(H0 + 11 * 3600, d("0.060000000000000000")));
    }

    @Test
    void anElevenDecimalMonthlyAmountSpreadsOver744HoursExactly() {
        // 0.00001605990 = 16 059 900 000 000 units of 10^-18; / 744 = 21 585 887 096 rest 576:
        // the first 576 hours get 21 585 887 097 units, the last 168 get 21 585 887 096.
        Map<Long, BigDecimal> parts =
                HourSpread.spread(
                        d("0.00001605990"), MARCH_1, Instant.parse("2026-04-01T00:00:00Z"));
        assertThat(parts).hasSize(744);
        List<BigDecimal> values = new ArrayList<>(parts.values());
        assertThat(values.subList(0, 576)).containsOnly(d("0.000000021585887097"));
        assertThat(values.subList(576, 744)).containsOnly(d("0.000000021585887096"));
        assertThat(sum(parts)).isEqualByComparingTo("0.00001605990");
    }

    @Test
    void creditsSpreadNegativeWithTheSameRounding() {
        Map<Long, BigDecimal> thirds =
                HourSpread.spread(d("-1"), MARCH_1, MARCH_1.plusSeconds(3 * 3600));
        assertThat(thirds.values())
                .containsExactly(
                        d("-0.333333333333333334"),
                        d("-0.333333333333333333"),
                        d("-0.333333333333333333"));
        Map<Long, BigDecimal> partial =
                HourSpread.spread(
                        d("-0.05"),
                        Instant.parse("2026-03-01T10:40:00Z"),
                        Instant.parse("2026-03-01T12:00:00Z"));
        assertThat(partial.values())
                .containsExactly(d("-0.012500000000000000"), d("-0.037500000000000000"));
    }

    @Test
    void microsecondPeriodsAndHourBoundaries() {
        // Ends exactly on an hour boundary: that hour is not touched.
        assertThat(HourSpread.spread(d("2"), MARCH_1, MARCH_1.plusSeconds(3600)).keySet())
                .containsExactly(H0);
        // One microsecond into the next hour: 1/3 600 000 001 of the amount.
        Map<Long, BigDecimal> parts =
                HourSpread.spread(
                        d("3600000001"), MARCH_1, MARCH_1.plusSeconds(3600).plusNanos(1000));
        assertThat(parts.get(H0)).isEqualByComparingTo("3600000000");
        assertThat(parts.get(H0 + 3600)).isEqualByComparingTo("1");
    }

    @Test
    void rejectsAnEmptyPeriod() {
        assertThatThrownBy(() -> HourSpread.spread(d("1"), MARCH_1, MARCH_1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be after its start");
    }
}
