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
        // FOCUS exports: 11 and more decimal places, float noise, exponents (Azure)
        assertThat(accepted(base(",\"cost\":0.00001605990")).cost())
                .isEqualTo(new BigDecimal("0.0000160599"));
        assertThat(accepted(base(",\"cost\":\"227.28753400000005\"")).cost())
                .isEqualTo(new BigDecimal("227.28753400000005"));
        assertThat(accepted(base(",\"cost\":\"1.0615384615384E-05\"")).cost())
                .isEqualTo(new BigDecimal("0.000010615384615384"));
        assertThat(accepted(base(",\"cost\":\"0.123456789012345678\"")).cost())
                .isEqualTo(new BigDecimal("0.123456789012345678"));
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
        assertThat(codec.key(c)).isEqualTo("r1");
    }

    @Test
    void serviceIsOnlyWhatTheSenderNamedTagsAreLeftToTheCostJob() throws Exception {
        CostRecord tagged = accepted(base(",\"cost\":1,\"tags\":{\"service\":\"search\"}"));
        assertThat(tagged.service()).isNull();
        assertThat(tagged.tags()).containsEntry("service", "search");
        assertThat(accepted(base(",\"cost\":1,\"service\":\" \"")).service()).isNull();
    }

    @Test
    void importInformationRoundTripsAndKeysByScope() throws Exception {
        CostImport imp =
                new CostImport(
                        "123456789012",
                        Instant.parse("2026-03-01T00:00:00Z"),
                        Instant.parse("2026-04-01T00:00:00Z"),
                        "9f86d081884c7d65",
                        3,
                        1,
                        Instant.parse("2026-03-05T10:00:00.123456Z"));
        CostRecord c =
                new CostRecord(
                        "focus:1",
                        null,
                        "i-1",
                        Instant.parse("2026-03-01T00:00:00Z"),
                        Instant.parse("2026-03-01T01:00:00Z"),
                        new BigDecimal("0.0000160599"),
                        "USD",
                        Map.of(" application", "api"),
                        imp);
        String json = new String(codec.encode(c), StandardCharsets.UTF_8);
        assertThat(json)
                .endsWith(
                        "\"import\":{\"billingAccountId\":\"123456789012\","
                                + "\"billingPeriodStart\":\"2026-03-01T00:00:00.000000Z\","
                                + "\"billingPeriodEnd\":\"2026-04-01T00:00:00.000000Z\","
                                + "\"generation\":\"9f86d081884c7d65\",\"rows\":3,\"row\":1,"
                                + "\"importedAt\":\"2026-03-05T10:00:00.123456Z\"}}");
        assertThat(accepted(json)).isEqualTo(c);
        assertThat(codec.key(c))
                .isEqualTo(
                        "import:123456789012|2026-03-01T00:00:00.000000Z"
                                + "|2026-04-01T00:00:00.000000Z");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "\"import\":5| import: must be an object, found a number",
                "\"import\":{}| import.billingAccountId: is required",
                "\"import\":{\"billingAccountId\":\"a\",\"generation\":\"g\","
                        + "\"billingPeriodStart\":\"2026-03-01T00:00:00Z\","
                        + "\"billingPeriodEnd\":\"2026-03-01T00:00:00Z\"}"
                        + "| import.billingPeriodEnd: must be after import.billingPeriodStart",
                "\"import\":{\"billingAccountId\":\"a\",\"generation\":\"g\","
                        + "\"billingPeriodStart\":\"2026-03-01T00:00:00Z\","
                        + "\"billingPeriodEnd\":\"2026-04-01T00:00:00Z\","
                        + "\"importedAt\":\"2026-04-01T00:00:00Z\",\"rows\":2,\"row\":2}"
                        + "| import.row: must be an integer from 0 to import.rows - 1",
                "\"import\":{\"billingAccountId\":\"a\",\"generation\":\"g\","
                        + "\"billingPeriodStart\":\"2026-03-01T00:00:00Z\","
                        + "\"billingPeriodEnd\":\"2026-04-01T00:00:00Z\","
                        + "\"importedAt\":\"soon\",\"rows\":2,\"row\":0}"
                        + "| import.importedAt: \"soon\" is not an RFC 3339 timestamp (e.g."
                        + " 2026-03-01T12:00:00.250Z) or epoch milliseconds",
            })
    void rejectsBadImportInformation(String field, String message) throws Exception {
        Validation<CostRecord> v = decode(base(",\"cost\":1," + field));
        assertThat(((Validation.Rejected<CostRecord>) v).message()).isEqualTo(message);
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
                        + "\"chargePeriodEnd\":\"2026-03-01T01:00:00Z\","
                        + "\"cost\":0.0000000000000000001,\"currency\":\"USD\"}"
                        + "| cost: must have at most 18 decimal places (stored as Decimal(38, 18)),"
                        + " was 0.0000000000000000001",
                "{\"recordId\":\"r\",\"chargePeriodStart\":\"2026-03-01T00:00:00Z\","
                        + "\"chargePeriodEnd\":\"2027-03-02T00:00:00.000001Z\",\"cost\":1,"
                        + "\"currency\":\"USD\"}"
                        + "| chargePeriodEnd: must be at most 366 days after chargePeriodStart"
                        + " 2026-03-01T00:00:00.000000Z, was 2027-03-02T00:00:00.000001Z",
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
    void rejectsCostsThatLeaveNoRoomForSumsInDecimal38Of18() throws Exception {
        Validation<CostRecord> v = decode(base(",\"cost\":\"-1" + "0".repeat(15) + "\""));
        assertThat(((Validation.Rejected<CostRecord>) v).message())
                .isEqualTo(
                        "cost: must be less than 10^15 in magnitude (stored as Decimal(38, 18),"
                                + " with room for sums)");
        assertThat(
                        decode(base(",\"cost\":\"-" + "9".repeat(15) + "." + "9".repeat(18) + "\""))
                                .isAccepted())
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
