package dev.plimsoll.core.telemetry;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class DeployMarkerCodecTest {

    private final DeployMarkerCodec codec = DeployMarkerCodec.withClock(RequestEventCodecTest.NOW);

    private Validation<DeployMarker> decode(String json) throws MalformedTelemetryException {
        return codec.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void decodesAndRoundTrips() throws Exception {
        Validation<DeployMarker> v =
                decode("{\"service\":\"orders\",\"version\":42,\"at\":\"2026-03-01T09:30:00Z\"}");
        DeployMarker m = new DeployMarker("orders", "42", Instant.parse("2026-03-01T09:30:00Z"));
        assertThat(v).isEqualTo(Validation.accepted(m));
        String json = new String(codec.encode(m), StandardCharsets.UTF_8);
        assertThat(json)
                .isEqualTo(
                        "{\"service\":\"orders\",\"version\":\"42\","
                                + "\"at\":\"2026-03-01T09:30:00.000000Z\"}");
        assertThat(decode(json)).isEqualTo(Validation.accepted(m));
        assertThat(codec.key(m)).isEqualTo("orders");
    }

    @Test
    void rejectsMissingFieldsAndFutureTimes() throws Exception {
        assertThat(decode("{\"version\":\"1\",\"at\":1772366400000}"))
                .isEqualTo(Validation.rejected("service", "is required"));
        assertThat(decode("{\"service\":\"s\",\"at\":1772366400000}"))
                .isEqualTo(Validation.rejected("version", "is required"));
        assertThat(decode("{\"service\":\"s\",\"version\":\"1\"}"))
                .isEqualTo(Validation.rejected("at", "is required"));
        assertThat(decode("{\"service\":\"s\",\"version\":\"1\",\"at\":\"2026-03-05T00:00:00Z\"}"))
                .isEqualTo(
                        Validation.rejected(
                                "at",
                                "2026-03-05T00:00:00.000000Z is more than 24 hours in the future"
                                        + " (now 2026-03-01T12:00:00.000000Z)"));
    }
}
