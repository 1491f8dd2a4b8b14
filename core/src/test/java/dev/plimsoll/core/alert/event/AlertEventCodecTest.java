package dev.plimsoll.core.alert.event;

import dev.plimsoll.core.DecodingException;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertEventCodecTest {

    private static final Instant STARTS = Instant.parse("2026-03-01T10:15:00Z");
    private static final Instant AT = Instant.parse("2026-03-01T10:17:00Z");

    static AlertEvent firing() {
        return new AlertEvent(
                "a1-2",
                "a1",
                "checkout-p95",
                "checkout-p95",
                "9f2c",
                AlertState.FIRING,
                AlertState.PENDING,
                AT,
                STARTS,
                null,
                Map.of("service", "checkout", "team", "payments"),
                Map.of(),
                "latency.p95",
                "checkout",
                "threshold",
                new BigDecimal("312.4"),
                "ms",
                new BigDecimal("300"),
                null,
                new BigDecimal("0.01"),
                new BigDecimal("-4.13"),
                List.of(
                        new SuspectDeploy(
                                "checkout", "2026.03.1", Instant.parse("2026-03-01T10:09:00Z"))),
                List.of("oncall"),
                "checkout latency.p95 312.4 ms above 300 ms for 2m");
    }

    @Test
    void writesTheCanonicalForm() {
        String json = new String(AlertEventCodec.encode(firing()), StandardCharsets.UTF_8);

        assertThat(json)
                .isEqualTo(
                        "{\"v\":1,\"eventId\":\"a1-2\",\"alertId\":\"a1\",\"ruleId\":\"checkout-p95\","
                            + "\"rule\":\"checkout-p95\",\"fingerprint\":\"9f2c\",\"state\":\"firing\","
                            + "\"previousState\":\"pending\",\"at\":\"2026-03-01T10:17:00Z\","
                            + "\"startsAt\":\"2026-03-01T10:15:00Z\",\"endsAt\":null,"
                            + "\"labels\":{\"service\":\"checkout\",\"team\":\"payments\"},"
                            + "\"annotations\":{},\"metric\":\"latency.p95\",\"service\":\"checkout\","
                            + "\"condition\":\"threshold\",\"value\":\"312.4\",\"unit\":\"ms\","
                            + "\"threshold\":\"300\",\"baseline\":null,\"errorBound\":\"0.01\","
                            + "\"headroomPercent\":\"-4.13\",\"suspectDeploys\":[{\"service\":\"checkout\","
                            + "\"version\":\"2026.03.1\",\"at\":\"2026-03-01T10:09:00Z\"}],\"notify\":[\"oncall\"],\"summary\":\"checkout"
                            + " latency.p95 312.4 ms above 300 ms for 2m\"}");
    }

    @Test
    void roundTripsExactly() throws DecodingException {
        AlertEvent event = firing();

        assertThat(AlertEventCodec.decode(AlertEventCodec.encode(event))).isEqualTo(event);
    }

    @Test
    void keepsMoneyExactToTheLastDigit() throws DecodingException {
        AlertEvent e = firing();
        AlertEvent money =
                new AlertEvent(
                        e.eventId(),
                        e.alertId(),
                        e.ruleId(),
                        e.rule(),
                        e.fingerprint(),
                        AlertState.RESOLVED,
                        AlertState.FIRING,
                        e.at(),
                        e.startsAt(),
                        e.at(),
                        e.labels(),
                        e.annotations(),
                        "cost.per_user",
                        e.service(),
                        "change",
                        new BigDecimal("0.00001605990123456789"),
                        "USD",
                        null,
                        new BigDecimal("0.00001000000000000001"),
                        null,
                        null,
                        List.of(),
                        List.of(),
                        "");

        AlertEvent back = AlertEventCodec.decode(AlertEventCodec.encode(money));

        assertThat(back.value()).isEqualTo(new BigDecimal("0.00001605990123456789"));
        assertThat(back.baseline().toPlainString()).isEqualTo("0.00001000000000000001");
        assertThat(back.endsAt()).isEqualTo(e.at());
    }

    @Test
    void ignoresUnknownFieldsAndAcceptsNumbersWrittenByHand() throws DecodingException {
        String json =
                "{\"v\":1,\"future\":{\"x\":[1,2]},\"eventId\":\"e\",\"alertId\":\"a\",\"ruleId\":\"r\","
                    + "\"rule\":\"r\",\"fingerprint\":\"f\",\"state\":\"pending\",\"at\":\"2026-03-01T10:17:00Z\","
                    + "\"startsAt\":\"2026-03-01T10:17:00Z\",\"metric\":\"errors.ratio\","
                    + "\"condition\":\"threshold\",\"value\":0.25}";

        AlertEvent e = AlertEventCodec.decode(json.getBytes(StandardCharsets.UTF_8));

        assertThat(e.state()).isEqualTo(AlertState.PENDING);
        assertThat(e.value()).isEqualTo(new BigDecimal("0.25"));
        assertThat(e.labels()).isEmpty();
        assertThat(e.suspectDeploys()).isEmpty();
    }

    @Test
    void namesTheMissingOrWrongField() {
        String noRule =
                "{\"v\":1,\"eventId\":\"e\",\"alertId\":\"a\",\"ruleId\":\"r\",\"fingerprint\":\"f\","
                    + "\"state\":\"firing\",\"at\":\"2026-03-01T10:17:00Z\","
                    + "\"startsAt\":\"2026-03-01T10:17:00Z\",\"metric\":\"m\",\"condition\":\"c\"}";
        assertThatThrownBy(() -> AlertEventCodec.decode(noRule.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(DecodingException.class)
                .hasMessageContaining("'rule'");

        String badState = noRule.replace("\"firing\"", "\"burning\"");
        assertThatThrownBy(() -> AlertEventCodec.decode(badState.getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("'state'")
                .hasMessageContaining("burning");

        assertThatThrownBy(
                        () -> AlertEventCodec.decode("{\"v\":2}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("version 2");
        assertThatThrownBy(() -> AlertEventCodec.decode("[1".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(DecodingException.class);
    }

    @Test
    void refusesEndsAtOnAnUnresolvedEvent() {
        AlertEvent e = firing();
        assertThatThrownBy(
                        () ->
                                new AlertEvent(
                                        e.eventId(),
                                        e.alertId(),
                                        e.ruleId(),
                                        e.rule(),
                                        e.fingerprint(),
                                        AlertState.FIRING,
                                        null,
                                        e.at(),
                                        e.startsAt(),
                                        e.at(),
                                        null,
                                        null,
                                        e.metric(),
                                        null,
                                        e.condition(),
                                        null,
                                        null,
                                        null,
                                        null,
                                        null,
                                        null,
                                        null,
                                        null,
                                        null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("endsAt");
    }
}
