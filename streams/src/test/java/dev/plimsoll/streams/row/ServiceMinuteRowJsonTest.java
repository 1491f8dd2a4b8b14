package dev.plimsoll.streams.row;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceMinuteRowJsonTest {

    private static final Instant MINUTE = Instant.parse("2026-03-01T10:15:00Z");
    private static final long ARRIVED = Instant.parse("2026-03-01T12:05:00Z").getEpochSecond();

    private static ServiceMinuteRow row(long correction) {
        return new ServiceMinuteRow(
                "",
                "orders",
                "GET /o",
                MINUTE,
                2,
                1,
                30.5,
                10.5,
                20.0,
                0,
                Map.of(41, 1L, 185, 1L),
                1,
                30.5,
                new long[0],
                0,
                correction);
    }

    @Test
    void aCorrectionCarriesItsArrivalMinuteAndRowsWrittenOnTimeDoNot() throws Exception {
        String correction =
                new String(ServiceMinuteRowJson.encode(row(ARRIVED)), StandardCharsets.UTF_8);
        String onTime = new String(ServiceMinuteRowJson.encode(row(0)), StandardCharsets.UTF_8);

        assertThat(correction)
                .endsWith(",\"usersSampleShift\":0,\"correction\":\"2026-03-01T12:05:00Z\"}");
        assertThat(onTime).endsWith(",\"usersSampleShift\":0}").doesNotContain("correction");
        assertThat(ServiceMinuteRowJson.decode(correction.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(row(ARRIVED));
        assertThat(ServiceMinuteRowJson.decode(onTime.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(row(0))
                .satisfies(r -> assertThat(r.isCorrection()).isFalse());
    }

    @Test
    void aCorrectionIsAWholeMinute() {
        assertThatThrownBy(() -> row(ARRIVED + 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "correction must be 0 or a whole minute in epoch seconds, was "
                                + (ARRIVED + 1));
        byte[] bad =
                new String(ServiceMinuteRowJson.encode(row(ARRIVED)), StandardCharsets.UTF_8)
                        .replace("12:05:00Z", "12:05:30Z")
                        .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ServiceMinuteRowJson.decode(bad))
                .isInstanceOf(MalformedRowException.class);
    }
}
