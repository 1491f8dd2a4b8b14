package dev.plimsoll.ingest.csv;

import dev.plimsoll.core.telemetry.CostImport;
import dev.plimsoll.core.telemetry.CostRecord;
import dev.plimsoll.core.telemetry.DecodedBatch;
import dev.plimsoll.core.telemetry.MalformedTelemetryException;
import dev.plimsoll.core.telemetry.RejectedRecord;
import dev.plimsoll.core.telemetry.TooManyRecordsException;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * FOCUS exports as clouds write them. {@link #SAMPLE} is our own export written to the quirks of
 * real ones: a byte-order mark, the 43 FOCUS 1.0 columns plus a provider column, {@code NULL}
 * literals and empty fields, zone-less and RFC 3339 date-times, 11 and more decimal places, float
 * noise, an exponent, credits, every ChargeCategory, hourly, daily and monthly charge periods, tag
 * keys with stray spaces, rows without tags, a quoted description with a comma and a line break,
 * two billing accounts in two currencies.
 */
public class FocusCsvTest {

    public static final Path SAMPLE = Path.of("..", "docs", "examples", "focus-costs.csv");

    static final Instant NOW = Instant.parse("2026-03-05T08:00:00Z");
    private static final Instant MARCH = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant APRIL = Instant.parse("2026-04-01T00:00:00Z");
    private static final Instant H10 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant H11 = Instant.parse("2026-03-01T11:00:00Z");
    private static final Instant H12 = Instant.parse("2026-03-01T12:00:00Z");
    private static final Instant MARCH_2 = Instant.parse("2026-03-02T00:00:00Z");
    public static final String AWS_ACCOUNT = "123456789012";
    public static final String AZURE_ACCOUNT = "8a93b2c1-1234-4abc-9def-0123456789ab";

    /**
     * The sample's twelve rows, mapped by hand: (account, resourceId, start, end, cost, currency,
     * tags). Record ids and generations are checked separately.
     */
    public static final List<Tuple> SAMPLE_ROWS =
            List.of(
                    row(
                            AWS_ACCOUNT,
                            "i-0a12f3c4d5e6f7a8b",
                            H10,
                            H11,
                            "0.1632",
                            "USD",
                            Map.of("application", "orders", "team", "commerce")),
                    row(
                            AWS_ACCOUNT,
                            "arn:aws:es:eu-west-1:123456789012:domain/search-prod",
                            H10,
                            H11,
                            "227.28753400000005",
                            "USD",
                            Map.of(" application", "search ", "environment", "prod")),
                    row(
                            AWS_ACCOUNT,
                            "nat-0f1e2d3c4b5a69788",
                            MARCH,
                            MARCH_2,
                            "2.4",
                            "USD",
                            Map.of()),
                    row(
                            AWS_ACCOUNT,
                            "i-0a12f3c4d5e6f7a8b",
                            H10,
                            H11,
                            "-0.05",
                            "USD",
                            Map.of("app", "orders")),
                    // Purchase: EffectiveCost 0 wins over BilledCost 100.00 (amortized view)
                    row(AWS_ACCOUNT, null, MARCH, MARCH_2, "0", "USD", Map.of()),
                    row(AWS_ACCOUNT, null, MARCH, APRIL, "12.0000160599", "USD", Map.of()),
                    row(
                            AWS_ACCOUNT,
                            "arn:aws:rds:eu-west-1:123456789012:db:checkout-db",
                            H10,
                            H11,
                            "-0.0000160599",
                            "USD",
                            Map.of("service", "checkout", " org", "retail")),
                    // EffectiveCost NULL: BilledCost
                    row(
                            AWS_ACCOUNT,
                            "arn:aws:s3:::search-index-snapshots",
                            H10,
                            H11,
                            "0.00000000001",
                            "USD",
                            Map.of()),
                    row(
                            AWS_ACCOUNT,
                            "nat-0f1e2d3c4b5a69788",
                            H11,
                            H12,
                            "0.000010615384615384",
                            "USD",
                            Map.of("plimsoll.service", "checkout")),
                    // 19 decimal places: rounded half-even to 18
                    row(
                            AWS_ACCOUNT,
                            "i-0a12f3c4d5e6f7a8b",
                            H11,
                            H12,
                            "0.000000000123456789",
                            "USD",
                            Map.of("application", "orders")),
                    row(
                            AZURE_ACCOUNT,
                            "/subscriptions/8a93b2c1-1234-4abc-9def-0123456789ab/resourceGroups/"
                                    + "rg-1/providers/Microsoft.Compute/virtualMachines/orders-1",
                            H10,
                            H11,
                            "0.302884615384615",
                            "EUR",
                            Map.of("application", "orders")),
                    row(
                            AZURE_ACCOUNT,
                            "/subscriptions/8a93b2c1-1234-4abc-9def-0123456789ab/resourceGroups/"
                                + "rg-ops/providers/Microsoft.OperationalInsights/workspaces/ops",
                            H10,
                            H11,
                            "0.5",
                            "EUR",
                            Map.of("cost_center", "CC-1")));

    private static Tuple row(
            String account,
            String resourceId,
            Instant start,
            Instant end,
            String cost,
            String currency,
            Map<String, String> tags) {
        return tuple(account, resourceId, start, end, new BigDecimal(cost), currency, tags);
    }

    /** A record's fields as in {@link #SAMPLE_ROWS}. */
    public static Tuple fields(CostRecord c) {
        return tuple(
                c.costImport() == null ? null : c.costImport().billingAccountId(),
                c.resourceId(),
                c.chargePeriodStart(),
                c.chargePeriodEnd(),
                c.cost(),
                c.currency(),
                c.tags());
    }

    private static FocusCsv.Result decode(String csv) throws Exception {
        return FocusCsv.decode(csv.getBytes(StandardCharsets.UTF_8), 1000, NOW);
    }

    @Test
    void importsTheSampleExportCompletely() throws Exception {
        FocusCsv.Result result = FocusCsv.decode(Files.readAllBytes(SAMPLE), 1000, NOW);
        DecodedBatch<CostRecord> batch = result.batch();
        assertThat(batch.rejected()).isEmpty();
        assertThat(batch.accepted())
                .extracting(FocusCsvTest::fields)
                .containsExactlyElementsOf(SAMPLE_ROWS);
        assertThat(batch.accepted()).extracting(CostRecord::service).containsOnlyNulls();

        CostImport aws = batch.accepted().get(0).costImport();
        CostImport azure = batch.accepted().get(10).costImport();
        assertThat(result.imports())
                .containsExactly(
                        new FocusCsv.ImportSummary(AWS_ACCOUNT, MARCH, APRIL, 10, aws.generation()),
                        new FocusCsv.ImportSummary(
                                AZURE_ACCOUNT, MARCH, APRIL, 2, azure.generation()));
        assertThat(aws.generation()).isNotEqualTo(azure.generation());
        for (int i = 0; i < 12; i++) {
            CostRecord c = batch.accepted().get(i);
            CostImport expected =
                    i < 10
                            ? new CostImport(
                                    AWS_ACCOUNT, MARCH, APRIL, aws.generation(), 10, i, NOW)
                            : new CostImport(
                                    AZURE_ACCOUNT,
                                    MARCH,
                                    APRIL,
                                    azure.generation(),
                                    2,
                                    i - 10,
                                    NOW);
            assertThat(c.costImport()).isEqualTo(expected);
            assertThat(c.recordId())
                    .isEqualTo(expected.generation().substring(0, 16) + ":" + expected.row());
        }
    }

    @Test
    void theSameFileGivesTheSameImportAndAChangedRowAnother() throws Exception {
        byte[] file = Files.readAllBytes(SAMPLE);
        FocusCsv.Result first = FocusCsv.decode(file, 1000, NOW);
        FocusCsv.Result again = FocusCsv.decode(file, 1000, NOW.plusSeconds(3600));
        assertThat(again.imports()).isEqualTo(first.imports());
        String restated =
                new String(file, StandardCharsets.UTF_8)
                        .replace("227.28753400000005", "227.28753400000006");
        FocusCsv.Result changed =
                FocusCsv.decode(restated.getBytes(StandardCharsets.UTF_8), 1000, NOW);
        assertThat(changed.imports().get(0).generation())
                .isNotEqualTo(first.imports().get(0).generation());
        assertThat(changed.imports().get(1)).isEqualTo(first.imports().get(1));
    }

    @Test
    void aBadRowIsRejectedWithItsLineAndColumnAndTheRestImports() throws Exception {
        String header =
                "BillingAccountId,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,"
                        + "ChargePeriodEnd,EffectiveCost,BillingCurrency,ChargeDescription,Tags\n";
        FocusCsv.Result result =
                decode(
                        header
                                + "A,2026-03-01,2026-04-01,2026-03-01 10:00:00,2026-03-01"
                                + " 11:00:00,abc,USD,x,\n"
                                + "A,2026-03-01,2026-04-01,2026-03-01 10:00:00,2026-03-01"
                                + " 11:00:00,1,USD,\"two\n"
                                + "lines\",NULL\n"
                                + "A,2026-03-01,2026-04-01,2026-03-01 25:00:00,2026-03-01"
                                + " 11:00:00,1,USD,x,\n"
                                + "NULL,2026-03-01,2026-04-01,2026-03-01 10:00:00,2026-03-01"
                                + " 11:00:00,1,USD,x,\n"
                                + "A,2026-03-01,2026-04-01,2026-03-01 10:00:00,2026-03-01"
                                + " 11:00:00,1,usd,x,\n"
                                + "A,2026-03-01,2026-04-01,2026-03-01 10:00:00,2026-03-01"
                                + " 11:00:00,1,USD,x,\"[1]\"\n"
                                + "A,2026-03-01,2026-04-01,2026-03-01 12:00:00,2026-03-01"
                                + " 11:00:00,1,USD,x,\n"
                                + "A,2026-03-01,2026-04-01,2026-03-01 10:00:00,2026-03-01"
                                + " 11:00:00,1,USD\n"
                                + "A,2026-03-01,2026-03-01,2026-03-01 10:00:00,2026-03-01"
                                + " 11:00:00,1,USD,x,\n"
                                + "A,2026-03-01,2026-04-01,2026-03-01 10:00:00,2026-03-01"
                                + " 11:00:00,2,USD,x,\"{\"\"a\"\":{\"\"b\"\":1},\"\"n\"\":2}\"\n");
        assertThat(result.batch().rejected())
                .extracting(RejectedRecord::index, RejectedRecord::line, RejectedRecord::message)
                .containsExactly(
                        tuple(0, 2, "EffectiveCost: \"abc\" is not a decimal number"),
                        tuple(
                                2,
                                5,
                                "ChargePeriodStart: \"2026-03-01 25:00:00\" is not a date-time (RFC"
                                    + " 3339, or YYYY-MM-DD HH:MM:SS in UTC as FOCUS writes it)"),
                        tuple(
                                3,
                                6,
                                "BillingAccountId: is required: imports replace earlier ones"
                                        + " per billing account and period"),
                        tuple(
                                4,
                                7,
                                "BillingCurrency: must be an ISO 4217 code of three upper-case"
                                        + " letters (e.g. USD), was \"usd\""),
                        tuple(5, 8, "Tags: must be a JSON object (FOCUS Tags), found ARRAY"),
                        tuple(
                                6,
                                9,
                                "ChargePeriodEnd: must be after chargePeriodStart"
                                        + " 2026-03-01T12:00:00.000000Z, was"
                                        + " 2026-03-01T11:00:00.000000Z"),
                        tuple(7, 10, "row: has 7 values, the header has 9 columns"),
                        tuple(
                                8,
                                11,
                                "BillingPeriodEnd: must be after BillingPeriodStart"
                                        + " 2026-03-01T00:00:00.000000Z, was"
                                        + " 2026-03-01T00:00:00.000000Z"));
        assertThat(result.batch().rejected().get(0).raw())
                .isEqualTo(
                        "{\"BillingAccountId\":\"A\",\"BillingPeriodStart\":\"2026-03-01\",\"BillingPeriodEnd\":\"2026-04-01\",\"ChargePeriodStart\":\"2026-03-01"
                            + " 10:00:00\",\"ChargePeriodEnd\":\"2026-03-01"
                            + " 11:00:00\",\"EffectiveCost\":\"abc\","
                            + "\"BillingCurrency\":\"USD\",\"ChargeDescription\":\"x\",\"Tags\":\"\"}");
        assertThat(result.batch().accepted())
                .extracting(CostRecord::cost, CostRecord::tags)
                .containsExactly(
                        tuple(new BigDecimal("1"), Map.of()),
                        tuple(new BigDecimal("2"), Map.of("a", "{\"b\":1}", "n", "2")));
        assertThat(result.imports())
                .hasSize(1)
                .first()
                .extracting(FocusCsv.ImportSummary::records)
                .isEqualTo(2);
    }

    @Test
    void withoutBillingColumnsRowsNeedARecordIdAndKeepIt() throws Exception {
        FocusCsv.Result result =
                decode(
                        "x_RecordId,x_Service,CHARGEPERIODSTART,chargeperiodend,BilledCost,BillingCurrency\n"
                            + "r1,orders,2026-03-01T10:00:00Z,2026-03-01T11:00:00Z,1.50,EUR\n"
                            + ",orders,2026-03-01T10:00:00Z,2026-03-01T11:00:00Z,1.50,EUR\n");
        assertThat(result.imports()).isNull();
        assertThat(result.batch().accepted())
                .containsExactly(
                        new CostRecord(
                                "r1",
                                "orders",
                                null,
                                H10,
                                H11,
                                new BigDecimal("1.5"),
                                "EUR",
                                Map.of()));
        assertThat(result.batch().rejected())
                .extracting(RejectedRecord::index, RejectedRecord::message)
                .containsExactly(tuple(1, "x_RecordId: is required"));
    }

    @Test
    void aHeaderWithoutTheNeededColumnsIsMalformed() {
        assertThatThrownBy(() -> decode("BillingAccountId,Cost\nr1,1\n"))
                .isInstanceOf(MalformedTelemetryException.class)
                .hasMessage(
                        "line 1: the CSV header lacks the column(s) ChargePeriodStart,"
                                + " ChargePeriodEnd, BillingCurrency, BillingPeriodStart,"
                                + " BillingPeriodEnd (an import replaces what earlier imports said"
                                + " for a billing account and period; without them every row needs"
                                + " x_RecordId)");
    }

    @Test
    void brokenQuotingNamesTheLine() {
        assertThatThrownBy(
                        () ->
                                decode(
                                        "x_RecordId,ChargePeriodStart,ChargePeriodEnd,Cost,Currency\n"
                                            + "r1,2026-03-01T00:00:00Z,2026-03-01T01:00:00Z,1,\"USD\n"))
                .isInstanceOf(MalformedTelemetryException.class)
                .hasMessageStartingWith("line ");
    }

    @Test
    void emptyBodyHasNoHeaderAndHeaderOnlyIsEmpty() throws Exception {
        assertThatThrownBy(() -> decode(""))
                .isInstanceOf(MalformedTelemetryException.class)
                .hasMessageContaining("needs a header row");
        assertThat(
                        decode(
                                        "\uFEFFx_RecordId,ChargePeriodStart,ChargePeriodEnd,Cost,Currency\r\n")
                                .batch()
                                .size())
                .isZero();
    }

    @Test
    void stopsAtTheRecordLimit() {
        assertThatThrownBy(() -> FocusCsv.decode(Files.readAllBytes(SAMPLE), 11, NOW))
                .isInstanceOf(TooManyRecordsException.class);
    }
}
