package dev.plimsoll.ingest.csv;

import dev.plimsoll.core.telemetry.CostRecord;
import dev.plimsoll.core.telemetry.DecodedBatch;
import dev.plimsoll.core.telemetry.MalformedTelemetryException;
import dev.plimsoll.core.telemetry.RejectedRecord;
import dev.plimsoll.core.telemetry.TooManyRecordsException;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

public class FocusCsvTest {

    public static final Path SAMPLE = Path.of("..", "docs", "examples", "focus-costs.csv");

    private static final Instant H0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant H1 = Instant.parse("2026-03-01T01:00:00Z");

    /** The sample file's nine rows, mapped by hand. */
    public static final CostRecord[] SAMPLE_RECORDS = {
        new CostRecord(
                "2026-03-01T00:i-0a12f3c4d5e6f7a8b:usage",
                "orders",
                "i-0a12f3c4d5e6f7a8b",
                H0,
                H1,
                new BigDecimal("0.1632"),
                "USD",
                Map.of("plimsoll.service", "orders", "team", "commerce")),
        new CostRecord(
                "2026-03-01T00:i-0b34c5d6e7f8a9b0c:usage",
                "checkout",
                "i-0b34c5d6e7f8a9b0c",
                H0,
                H1,
                new BigDecimal("0.2141"),
                "USD",
                Map.of("service", "checkout", "team", "payments")),
        new CostRecord(
                "2026-03-01T00:search-prod:usage",
                "search",
                "arn:aws:es:eu-west-1:100000000001:domain/search-prod",
                H0,
                H1,
                new BigDecimal("0.167"),
                "USD",
                Map.of("team", "discovery")),
        new CostRecord(
                "2026-03-01T00:orders-db:usage",
                "orders",
                "arn:aws:rds:eu-west-1:100000000001:db:orders-db",
                H0,
                H1,
                new BigDecimal("0.486"),
                "USD",
                Map.of("plimsoll.service", "orders")),
        new CostRecord(
                "2026-03-01T00:nat-0f1e2d3c4b5a69788:usage",
                null,
                "nat-0f1e2d3c4b5a69788",
                H0,
                H1,
                new BigDecimal("0.093"),
                "USD",
                Map.of("team", "platform")),
        new CostRecord(
                "2026-03-01:support:purchase",
                null,
                null,
                H0,
                Instant.parse("2026-03-02T00:00:00Z"),
                new BigDecimal("3.2258064516"),
                "USD",
                Map.of()),
        new CostRecord(
                "2026-03-01T00:search-index-snapshots:storage",
                "search",
                "arn:aws:s3:::search-index-snapshots",
                H0,
                H1,
                new BigDecimal("0.0012345678"),
                "USD",
                Map.of("plimsoll.service", "search", "retention", "30d")),
        new CostRecord(
                "2026-03-01T00:i-0a12f3c4d5e6f7a8b:credit",
                "orders",
                "i-0a12f3c4d5e6f7a8b",
                H0,
                H1,
                new BigDecimal("-0.05"),
                "USD",
                Map.of("plimsoll.service", "orders")),
        new CostRecord(
                "2026-03-01T00:i-0b34c5d6e7f8a9b0c:usage",
                "checkout",
                "i-0b34c5d6e7f8a9b0c",
                H0,
                H1,
                new BigDecimal("0.1987"),
                "USD",
                Map.of("service", "checkout", "team", "payments")),
    };

    private static DecodedBatch<CostRecord> decode(String csv) throws Exception {
        return FocusCsv.decode(csv.getBytes(StandardCharsets.UTF_8), 1000);
    }

    @Test
    void readsTheSampleExport() throws Exception {
        DecodedBatch<CostRecord> batch = FocusCsv.decode(Files.readAllBytes(SAMPLE), 1000);
        assertThat(batch.rejected()).isEmpty();
        assertThat(batch.accepted()).containsExactly(SAMPLE_RECORDS);
    }

    @Test
    void matchesHeadersCaseInsensitivelyAndFallsBackToBilledCost() throws Exception {
        DecodedBatch<CostRecord> batch =
                decode(
                        "\uFEFFrecordid,CHARGEPERIODSTART,chargeperiodend,BilledCost,Currency,Service\n"
                            + "r1,2026-03-01T00:00:00Z,2026-03-01T01:00:00Z,1.50,EUR,orders\n");
        assertThat(batch.accepted())
                .containsExactly(
                        new CostRecord(
                                "r1",
                                "orders",
                                null,
                                H0,
                                H1,
                                new BigDecimal("1.5"),
                                "EUR",
                                Map.of()));
    }

    @Test
    void rejectsRowsWithTheFieldNamed() throws Exception {
        DecodedBatch<CostRecord> batch =
                decode(
                        "x_RecordId,ChargePeriodStart,ChargePeriodEnd,EffectiveCost,BillingCurrency,Tags\n"
                            + "r1,2026-03-01T00:00:00Z,2026-03-01T01:00:00Z,abc,USD,\n"
                            + ",2026-03-01T00:00:00Z,2026-03-01T01:00:00Z,1,USD,\n"
                            + "r3,2026-03-01T00:00:00Z,2026-03-01T01:00:00Z,1,USD,\"[1]\"\n"
                            + "r4,2026-03-01T02:00:00Z,2026-03-01T01:00:00Z,1,USD,\n"
                            + "r5,2026-03-01T00:00:00Z,2026-03-01T01:00:00Z,1,USD,\n");
        assertThat(batch.accepted()).extracting(CostRecord::recordId).containsExactly("r5");
        assertThat(batch.rejected())
                .extracting(RejectedRecord::index, RejectedRecord::message)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                0, "cost: \"abc\" is not a decimal number"),
                        org.assertj.core.groups.Tuple.tuple(1, "recordId: is required"),
                        org.assertj.core.groups.Tuple.tuple(
                                2, "tags: must be a JSON object (FOCUS Tags), found ARRAY"),
                        org.assertj.core.groups.Tuple.tuple(
                                3,
                                "chargePeriodEnd: must be after chargePeriodStart"
                                        + " 2026-03-01T02:00:00.000000Z, was"
                                        + " 2026-03-01T01:00:00.000000Z"));
        assertThat(batch.rejected().get(0).raw())
                .isEqualTo(
                        "{\"x_RecordId\":\"r1\",\"ChargePeriodStart\":\"2026-03-01T00:00:00Z\","
                            + "\"ChargePeriodEnd\":\"2026-03-01T01:00:00Z\",\"EffectiveCost\":\"abc\","
                            + "\"BillingCurrency\":\"USD\",\"Tags\":\"\"}");
    }

    @Test
    void aHeaderWithoutRequiredColumnsIsMalformed() {
        assertThatThrownBy(() -> decode("RecordId,Cost\nr1,1\n"))
                .isInstanceOf(MalformedTelemetryException.class)
                .hasMessage(
                        "line 1: the CSV header lacks the column(s) ChargePeriodStart,"
                                + " ChargePeriodEnd, BillingCurrency (or Currency)");
    }

    @Test
    void brokenCsvNamesTheLine() {
        assertThatThrownBy(
                        () ->
                                decode(
                                        "RecordId,ChargePeriodStart,ChargePeriodEnd,Cost,Currency\n"
                                            + "r1,2026-03-01T00:00:00Z,2026-03-01T01:00:00Z,1,USD\n"
                                            + "r2,2026-03-01T00:00:00Z,2026-03-01T01:00:00Z,1,USD,extra\n"))
                .isInstanceOf(MalformedTelemetryException.class)
                .satisfies(t -> assertThat(((MalformedTelemetryException) t).line()).isEqualTo(3));
        assertThatThrownBy(
                        () ->
                                decode(
                                        "RecordId,ChargePeriodStart,ChargePeriodEnd,Cost,Currency\n"
                                            + "r1,2026-03-01T00:00:00Z,2026-03-01T01:00:00Z,1,\"USD\n"))
                .isInstanceOf(MalformedTelemetryException.class)
                .hasMessageStartingWith("line ");
    }

    @Test
    void emptyBodyHasNoHeader() {
        assertThatThrownBy(() -> decode(""))
                .isInstanceOf(MalformedTelemetryException.class)
                .hasMessageContaining("needs a header row");
    }

    @Test
    void headerOnlyIsAnEmptyBatch() throws Exception {
        assertThat(decode("RecordId,ChargePeriodStart,ChargePeriodEnd,Cost,Currency\n").size())
                .isZero();
    }

    @Test
    void stopsAtTheRecordLimit() {
        assertThatThrownBy(() -> FocusCsv.decode(Files.readAllBytes(SAMPLE), 8))
                .isInstanceOf(TooManyRecordsException.class);
    }
}
