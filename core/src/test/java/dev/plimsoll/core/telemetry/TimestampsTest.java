package dev.plimsoll.core.telemetry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class TimestampsTest {

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
    }

    @Test
    void parsesUtcWithMillisecondFraction() {
        assertThat(Timestamps.parseMicros("2026-03-01T12:00:00.250Z"))
                .isEqualTo(1_772_366_400_250_000L);
    }

    @Test
    void appliesOffsets() {
        assertThat(Timestamps.parseMicros("2026-03-01T13:00:00+01:00"))
                .isEqualTo(1_772_366_400_000_000L);
        assertThat(Timestamps.parseMicros("2026-03-01T06:30:00-05:30"))
                .isEqualTo(1_772_366_400_000_000L);
    }

    @Test
    void truncatesFractionsBeyondMicroseconds() {
        assertThat(Timestamps.parseMicros("2026-03-01T12:00:00.123456789Z"))
                .isEqualTo(1_772_366_400_123_456L);
    }

    @Test
    void acceptsLowerCaseAndSpaceSeparators() {
        assertThat(Timestamps.parseMicros("2026-03-01t12:00:00z"))
                .isEqualTo(1_772_366_400_000_000L);
        assertThat(Timestamps.parseMicros("2026-03-01 12:00:00Z"))
                .isEqualTo(1_772_366_400_000_000L);
    }

    @Test
    void parsesEpochMillisText() {
        assertThat(Timestamps.parseMicros("1772366400250")).isEqualTo(1_772_366_400_250_000L);
        assertThat(Timestamps.parseMicros("1772366400250.5")).isEqualTo(1_772_366_400_250_500L);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "2026-03-01T12:00:00",
                "2026-02-29T00:00:00Z",
                "2026-13-01T00:00:00Z",
                "2026-04-31T00:00:00Z",
                "2026-03-01T24:00:00Z",
                "2026-03-01T23:59:60Z",
                "2026-03-01T12:00:00.Z",
                "2026-03-01T12:00:00+0100",
                "2026-03-01T12:00:00Z ",
                "2026-03-01X12:00:00Z",
                "12.",
                "abc",
                "-",
                "1234567890123456"
            })
    void rejectsInvalidText(String text) {
        assertThat(Timestamps.parseMicros(text)).isEqualTo(Timestamps.INVALID);
    }

    @Test
    void acceptsLeapDay() {
        assertThat(Timestamps.parseMicros("2024-02-29T00:00:00Z"))
                .isEqualTo(micros(Instant.parse("2024-02-29T00:00:00Z")));
        assertThat(Timestamps.parseMicros("2000-02-29T00:00:00Z"))
                .isEqualTo(micros(Instant.parse("2000-02-29T00:00:00Z")));
        assertThat(Timestamps.parseMicros("2100-02-29T00:00:00Z")).isEqualTo(Timestamps.INVALID);
    }

    /** Against java.time on random instants, offsets and fraction lengths. */
    @Test
    void agreesWithJavaTimeOnRandomTimestamps() {
        SplittableRandom random = new SplittableRandom(42);
        DateTimeFormatter[] formats = {
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX"),
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX"),
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSXXX"),
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX"),
        };
        for (int i = 0; i < 20_000; i++) {
            long seconds = random.nextLong(0, 253_402_300_799L);
            int nanos = random.nextInt(1_000_000_000);
            int offsetMinutes = random.nextInt(-18 * 60 + 1, 18 * 60);
            OffsetDateTime t =
                    OffsetDateTime.ofInstant(
                            Instant.ofEpochSecond(seconds, nanos),
                            ZoneOffset.ofTotalSeconds(offsetMinutes * 60));
            DateTimeFormatter f = formats[i % formats.length];
            String text = t.format(f);
            if (text.startsWith("+") || text.startsWith("-") || text.length() < 20) {
                continue; // out of 0000-9999 after the offset
            }
            long expected = micros(OffsetDateTime.parse(text, f).toInstant());
            assertThat(Timestamps.parseMicros(text)).as(text).isEqualTo(expected);
        }
    }

    @Test
    void formatsAndParsesBackOnRandomInstants() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            long micros = random.nextLong(0, 253_402_300_799_999_999L);
            String text = Timestamps.formatMicros(micros);
            Instant expected = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
            assertThat(Instant.parse(text)).isEqualTo(expected);
            assertThat(Timestamps.parseMicros(text)).isEqualTo(micros);
        }
    }

    @Test
    void formatsWithSixFractionDigits() {
        assertThat(Timestamps.formatMicros(1_772_366_400_250_000L))
                .isEqualTo("2026-03-01T12:00:00.250000Z");
        assertThat(Timestamps.formatMicros(0)).isEqualTo("1970-01-01T00:00:00.000000Z");
    }

    @Test
    void convertsMillis() {
        assertThat(Timestamps.millisToMicros(1_772_366_400_250L)).isEqualTo(1_772_366_400_250_000L);
        assertThat(Timestamps.millisToMicros(Long.MAX_VALUE)).isEqualTo(Timestamps.INVALID);
        assertThat(Timestamps.millisToMicros(1_772_366_400_250.25))
                .isEqualTo(1_772_366_400_250_250L);
        assertThat(Timestamps.millisToMicros(Double.NaN)).isEqualTo(Timestamps.INVALID);
    }

    @Test
    void billingExportsZoneLessTimesAreUtc() {
        long march1 = Instant.parse("2026-03-01T13:00:00Z").toEpochMilli() * 1000;
        assertThat(Timestamps.parseUtcMicros("2026-03-01 13:00:00")).isEqualTo(march1);
        assertThat(Timestamps.parseUtcMicros("2026-03-01T13:00:00")).isEqualTo(march1);
        assertThat(Timestamps.parseUtcMicros(" 2026-03-01T13:00:00.000 ")).isEqualTo(march1);
        assertThat(Timestamps.parseUtcMicros("2026-03-01T13:00")).isEqualTo(march1);
        assertThat(Timestamps.parseUtcMicros("2026-03-01T13:00:00Z")).isEqualTo(march1);
        assertThat(Timestamps.parseUtcMicros("2026-03-01T14:00:00+01:00")).isEqualTo(march1);
        assertThat(Timestamps.parseUtcMicros("2026-03-01"))
                .isEqualTo(march1 - 13L * 3600 * 1_000_000);
        assertThat(Timestamps.parseUtcMicros("2026-02-30 13:00:00")).isEqualTo(Timestamps.INVALID);
        assertThat(Timestamps.parseUtcMicros("March 1st")).isEqualTo(Timestamps.INVALID);
        assertThat(Timestamps.parseUtcMicros("2026-03-01T13:00:00ZZ"))
                .isEqualTo(Timestamps.INVALID);
        // the JSON contract stays strict
        assertThat(Timestamps.parseMicros("2026-03-01 13:00:00")).isEqualTo(Timestamps.INVALID);
    }
}
