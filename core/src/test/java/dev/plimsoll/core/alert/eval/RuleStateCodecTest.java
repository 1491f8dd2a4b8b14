package dev.plimsoll.core.alert.eval;

import dev.plimsoll.core.DecodingException;
import dev.plimsoll.core.alert.event.AlertState;
import dev.plimsoll.core.alert.event.SuspectDeploy;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleStateCodecTest {

    static RuleState roundTrip(RuleState s) {
        try {
            return RuleStateCodec.decode(RuleStateCodec.encode(s));
        } catch (DecodingException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void roundTripsEveryField() {
        Instant t = Instant.parse("2026-03-02T10:00:00Z");
        AlertTrack track =
                new AlertTrack(
                        "a1",
                        AlertState.FIRING,
                        t,
                        Duration.ofSeconds(150),
                        t.plusSeconds(60),
                        true,
                        2,
                        List.of(new SuspectDeploy("checkout", "v2", t.minusSeconds(300))),
                        true,
                        new Verdict(
                                Verdict.Outcome.HOLDS,
                                new BigDecimal("0.00001605990123456789"),
                                new BigDecimal("300"),
                                null,
                                new BigDecimal("-4.13"),
                                512,
                                "latency.p95 312.4ms above 300ms"),
                        t.plusSeconds(90));
        RuleState s = new RuleState("checkout-p95", "d1", t.plusSeconds(90), Map.of("fp1", track));

        assertThat(roundTrip(s)).isEqualTo(s);
        assertThat(roundTrip(RuleState.fresh("r", "d"))).isEqualTo(RuleState.fresh("r", "d"));
    }

    @Test
    void refusesOtherVersions() {
        assertThatThrownBy(
                        () -> RuleStateCodec.decode("{\"v\":2}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(DecodingException.class);
        assertThatThrownBy(() -> RuleStateCodec.decode("{".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(DecodingException.class);
    }
}
