package dev.plimsoll.core.telemetry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CostRecordCodecTest {

    private final CostRecordCodec codec = CostRecordCodec.create();

    private Validation<CostRecord> decode(String json) throws MalformedTelemetryException {
        return codec.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    private CostRecord accepted(String json) throws MalformedTelemetryException {
        Validation<CostRecord> v = decode(json);
        assertThat(v).isInstanceOf(Validation.Accepted.class);
        return ((Validation.Accepted<CostRecord>) v).value();
    }

    private static String base(String extra) {
        return "{\"recordId\":\"r1\",\"chargePeriodStart\":\"2026-03-01T00:00:00Z\","
                + "\"chargePeriodEnd\":\"2026-03-01T01:00:00Z\",\"currency\":\"USD\""
                + extra
                + "}";
    }

    @Test
    void readsNumbersExactlyWithoutBinaryFloatingPoint() throws Exception {
        // 0.1 + 0.2 in binary floating point is 0.30000000000000004; read exactly it is 0.3.
        CostRecord c = accepted(base(",\"cost\":0.1234567891"));
        assertThat(c.cost()).isEqualTo(new BigDecimal("0.1234567891"));
        assertThat(accepted(base(",\"cost\":\"12.3400000000\"")).cost())
                .isEqualTo(new BigDecimal("12.34"));
        assertThat(accepted(base(",\"cost\":100")).cost()).isEqualTo(new BigDecimal("100"));
        assertThat(accepted(base(",\"cost\":1E+2")).cost()).isEqualTo(new BigDecimal("100"));
        assertThat(accepted(base(",\"cost\":-3.5")).cost()).isEqualTo(new BigDecimal("-3.5"));
    }

    @Test
    void decodesAllFields() throws Exception {
        CostRecord c =
                accepted(
                        base(
                                ",\"cost\":\"0.416\",\"service\":\"orders\",\"resourceId\":\"i-1\","
                                        + "\"tags\":{\"team\":\"commerce\",\"n\":3,\"b\":true}"));
        assertThat(c)
                .isEqualTo(
                        new CostRecord(
                                "r1",
                                "orders",
                                "i-1",
                                Instant.parse("2026-03-01T00:00:00Z"),
                                Instant.parse("2026-03-01T01:00:00Z"),
                                new BigDecimal("0.416"),
                                "USD",
                                Map.of("team", "commerce", "n", "3", "b", "true")));
        assertThat(c.isShared()).isFalse();
    }

    @Test
    void serviceComesFromATagWhenAbsent() throws Exception {
        assertThat(accepted(base(",\"cost\":1,\"tags\":{\"service\":\"search\"}")).service())
                .isEqualTo("search");
        assertThat(
                        accepted(
                                        base(
                                                ",\"cost\":1,\"service\":\"\",\"tags\":{\"service\":\"b\","
                                                    + "\"plimsoll.service\":\"a\"}"))
                                .service())
                .isEqualTo("a");
        CostRecord shared = accepted(base(",\"cost\":1,\"tags\":{\"team\":\"x\"}"));
        assertThat(shared.service()).isNull();
        assertThat(shared.isShared()).isTrue();
        assertThat(codec.key(shared)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"chargePeriodStart\":\"2026-03-01T00:00:00Z\",\"chargePeriodEnd\":"
                        + "\"2026-03-01T01:00:00Z\",\"cost\":1,\"currency\":\"USD\"}"
                        + "| recordId: is required",
                "{\"recordId\":\"r\",\"chargePeriodEnd\":\"2026-03-01T01:00:00Z\",\"cost\":1,"
                        + "\"currency\":\"USD\"}| chargePeriodStart: is required",
                "{\"recordId\":\"r\",\"chargePeriodStart\":\"2026-03-01T01:00:00Z\","
                        + "\"chargePeriodEnd\":\"2026-03-01T01:00:00Z\",\"cost\":1,"
                        + "\"currency\":\"USD\"}"
                        + "| chargePeriodEnd: must be after chargePeriodStart"
                        + " 2026-03-01T01:00:00.000000Z, was 2026-03-01T01:00:00.000000Z",
                "{\"recordId\":\"r\",\"chargePeriodStart\":\"2026-03-01T00:00:00Z\","
                        + "\"chargePeriodEnd\":\"2026-03-01T01:00:00Z\",\"currency\":\"USD\"}"
                        + "| cost: is required",
                "{\"recordId\":\"r\",\"chargePeriodStart\":\"2026-03-01T00:00:00Z\","
                        + "\"chargePeriodEnd\":\"2026-03-01T01:00:00Z\",\"cost\":0.00000000001,"
                        + "\"currency\":\"USD\"}"
                        + "| cost: must have at most 10 decimal places (stored as Decimal(38, 10)),"
                        + " was 0.00000000001",
                "{\"recordId\":\"r\",\"chargePeriodStart\":\"2026-03-01T00:00:00Z\","
                        + "\"chargePeriodEnd\":\"2026-03-01T01:00:00Z\",\"cost\":\"1,5\","
                        + "\"currency\":\"USD\"}"
                        + "| cost: \"1,5\" is not a decimal number",
                "{\"recordId\":\"r\",\"chargePeriodStart\":\"2026-03-01T00:00:00Z\","
                        + "\"chargePeriodEnd\":\"2026-03-01T01:00:00Z\",\"cost\":1,"
                        + "\"currency\":\"usd\"}"
                        + "| currency: must be an ISO 4217 code of three upper-case letters (e.g."
                        + " USD), was \"usd\"",
                "{\"recordId\":\"r\",\"chargePeriodStart\":\"2026-03-01T00:00:00Z\","
                        + "\"chargePeriodEnd\":\"2026-03-01T01:00:00Z\",\"cost\":1,"
                        + "\"currency\":\"USD\",\"tags\":{\"a\":{}}}"
                        + "| tags.a: must be a string, found an object",
                "{\"recordId\":\"r\",\"chargePeriodStart\":\"2026-03-01T00:00:00Z\","
                        + "\"chargePeriodEnd\":\"2026-03-01T01:00:00Z\",\"cost\":1,"
                        + "\"currency\":\"USD\",\"tags\":[]}"
                        + "| tags: must be an object of strings, found an array",
            })
    void rejectsWithFieldAndProblem(String json, String message) throws Exception {
        Validation<CostRecord> v = decode(json);
        assertThat(v).isInstanceOf(Validation.Rejected.class);
        assertThat(((Validation.Rejected<CostRecord>) v).message()).isEqualTo(message);
    }

    @Test
    void rejectsCostsBeyondDecimal38Of10() throws Exception {
        Validation<CostRecord> v = decode(base(",\"cost\":\"1" + "0".repeat(28) + "\""));
        assertThat(((Validation.Rejected<CostRecord>) v).message())
                .isEqualTo(
                        "cost: must be less than 10^28 in magnitude (stored as Decimal(38, 10))");
        assertThat(decode(base(",\"cost\":\"" + "9".repeat(28) + ".9999999999\"")).isAccepted())
                .isTrue();
    }

    @Test
    void canonicalEncodingWritesCostAsStringAndRoundTrips() throws Exception {
        CostRecord c =
                new CostRecord(
                        "2026-03:i-0a12",
                        "orders",
                        "i-0a12",
                        Instant.parse("2026-03-01T00:00:00Z"),
                        Instant.parse("2026-03-01T01:00:00.000001Z"),
                        new BigDecimal("0.4160000001"),
                        "USD",
                        Map.of("team", "commerce"));
        String json = new String(codec.encode(c), StandardCharsets.UTF_8);
        assertThat(json)
                .isEqualTo(
                        "{\"recordId\":\"2026-03:i-0a12\",\"service\":\"orders\","
                                + "\"resourceId\":\"i-0a12\","
                                + "\"chargePeriodStart\":\"2026-03-01T00:00:00.000000Z\","
                                + "\"chargePeriodEnd\":\"2026-03-01T01:00:00.000001Z\","
                                + "\"cost\":\"0.4160000001\",\"currency\":\"USD\","
                                + "\"tags\":{\"team\":\"commerce\"}}");
        assertThat(accepted(json)).isEqualTo(c);

        CostRecord shared =
                new CostRecord(
                        "x",
                        null,
                        null,
                        Instant.parse("2026-03-01T00:00:00Z"),
                        Instant.parse("2026-03-02T00:00:00Z"),
                        new BigDecimal("-100"),
                        "EUR",
                        Map.of());
        assertThat(accepted(new String(codec.encode(shared), StandardCharsets.UTF_8)))
                .isEqualTo(shared);
    }
}
