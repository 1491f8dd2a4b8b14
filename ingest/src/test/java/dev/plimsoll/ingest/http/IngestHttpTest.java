package dev.plimsoll.ingest.http;

import dev.plimsoll.core.telemetry.CostRecord;
import dev.plimsoll.core.telemetry.CostRecordCodec;
import dev.plimsoll.core.telemetry.DeadLetter;
import dev.plimsoll.core.telemetry.DeadLetterCodec;
import dev.plimsoll.core.telemetry.DeployMarker;
import dev.plimsoll.core.telemetry.DeployMarkerCodec;
import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.core.telemetry.RequestEventCodec;
import dev.plimsoll.core.telemetry.TelemetryTopics;
import dev.plimsoll.core.telemetry.Validation;
import dev.plimsoll.ingest.Http;
import dev.plimsoll.ingest.TestKafka;
import dev.plimsoll.ingest.TopicReader;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestHttpTest implements TestPropertyProvider {

    @Inject EmbeddedServer server;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Override
    public Map<String, String> getProperties() {
        return Map.of(
                "plimsoll.kafka.bootstrap-servers", TestKafka.bootstrapServers(),
                "plimsoll.security.mode", "open",
                "plimsoll.ingest.max-body-bytes", "65536",
                // telemetry batches stop at 65 536 bytes, FOCUS imports at 250 000; the server's
                // own limits (set here, else they follow max-import-bytes) at 300 000
                "plimsoll.ingest.max-import-bytes", "250000",
                "micronaut.server.max-request-size", "300000",
                "micronaut.server.max-request-buffer-size", "300000",
                "plimsoll.ingest.max-records", "50",
                // the bodies carry fixed dates of 2026-03-01: accept them whatever today is
                "plimsoll.ingest.max-event-age", "36500d");
    }

    private URI base() {
        return server.getURI();
    }

    private static String bootstrap() {
        return TestKafka.bootstrapServers();
    }

    private String event(String service, String start, double duration) {
        return "{\"service\":\""
                + service
                + "\",\"operation\":\"GET /orders/{id}\",\"start\":"
                + start
                + ",\"durationMs\":"
                + duration
                + ",\"status\":200,\"userId\":\"u-1\"}";
    }

    @Test
    void acceptsValidRecordsRejectsInvalidOnesAndWritesBoth() throws Exception {
        String service = "orders-" + run;
        String bad =
                "{\"service\":\"\",\"operation\":\"x\",\"start\":1772366400000,\"durationMs\":1}";
        String body =
                "["
                        + event(service, "\"2026-03-01T12:00:00.250Z\"", 12.5)
                        + ","
                        + bad
                        + ","
                        + event(service, "1772366400000", 3)
                        + "]";
        try (TopicReader requests = TopicReader.fromEnd(bootstrap(), TelemetryTopics.REQUESTS);
                TopicReader dead = TopicReader.fromEnd(bootstrap(), TelemetryTopics.DEAD_LETTERS)) {
            HttpResponse<String> r =
                    Http.post(base(), "/api/v1/ingest/requests", "application/json", body);

            assertThat(r.statusCode()).isEqualTo(202);
            JsonNode json = Http.json(r);
            assertThat(json.get("accepted").asInt()).isEqualTo(2);
            assertThat(json.get("rejected").toString())
                    .isEqualTo(
                            "[{\"index\":1,\"field\":\"service\",\"error\":\"service: must not be"
                                    + " empty\"}]");

            List<ConsumerRecord<byte[], byte[]>> written =
                    requests.readNew().stream()
                            .filter(
                                    c ->
                                            new String(c.key(), StandardCharsets.UTF_8)
                                                    .equals(service))
                            .toList();
            RequestEventCodec codec = RequestEventCodec.create();
            assertThat(written)
                    .extracting(
                            c ->
                                    ((Validation.Accepted<RequestEvent>) codec.decode(c.value()))
                                            .value())
                    .containsExactlyInAnyOrder(
                            new RequestEvent(
                                    service,
                                    "GET /orders/{id}",
                                    1_772_366_400_250_000L,
                                    12.5,
                                    200,
                                    false,
                                    "u-1",
                                    null),
                            new RequestEvent(
                                    service,
                                    "GET /orders/{id}",
                                    1_772_366_400_000_000L,
                                    3.0,
                                    200,
                                    false,
                                    "u-1",
                                    null));

            List<DeadLetter> letters =
                    dead.readNew().stream()
                            .map(c -> decodeDeadLetter(c.value()))
                            .filter(d -> d.raw().equals(bad))
                            .toList();
            assertThat(letters).hasSize(1);
            assertThat(letters.get(0).topic()).isEqualTo(TelemetryTopics.REQUESTS);
            assertThat(letters.get(0).source()).isEqualTo("POST /api/v1/ingest/requests");
            assertThat(letters.get(0).index()).isEqualTo(1);
            assertThat(letters.get(0).error()).isEqualTo("service: must not be empty");
        }
    }

    static DeadLetter decodeDeadLetter(byte[] value) {
        try {
            return DeadLetterCodec.decode(value);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void acceptsNdjson() throws Exception {
        String service = "ndjson-" + run;
        String body =
                event(service, "1772366400000", 1)
                        + "\n"
                        + event(service, "1772366400001", 2)
                        + "\n";
        try (TopicReader requests = TopicReader.fromEnd(bootstrap(), TelemetryTopics.REQUESTS)) {
            HttpResponse<String> r =
                    Http.post(base(), "/api/v1/ingest/requests", "application/x-ndjson", body);
            assertThat(r.statusCode()).isEqualTo(202);
            assertThat(r.body()).isEqualTo("{\"accepted\":2,\"rejected\":[]}");
            assertThat(requests.readNew())
                    .filteredOn(c -> new String(c.key(), StandardCharsets.UTF_8).equals(service))
                    .hasSize(2);
        }
    }

    @Test
    void malformedJsonIsA400NamingTheLineAndOffset() {
        String body = event("s", "1772366400000", 1) + "\n{\"service\": oops}\n";
        HttpResponse<String> r =
                Http.post(base(), "/api/v1/ingest/requests", "application/x-ndjson", body);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode p = Http.json(r);
        assertThat(p.get("type").asText()).isEqualTo("urn:plimsoll:problem:malformed-body");
        assertThat(p.get("status").asInt()).isEqualTo(400);
        assertThat(p.get("line").asLong()).isEqualTo(2);
        assertThat(p.get("column").asLong()).isEqualTo(13);
        assertThat(p.get("offset").asLong()).isEqualTo(body.indexOf("oops"));
        assertThat(p.get("detail").asText())
                .startsWith(
                        "line 2, column 13 (byte offset "
                                + body.indexOf("oops")
                                + "): Unrecognized token 'oops'");
        assertThat(p.get("instance").asText()).isEqualTo("/api/v1/ingest/requests");
    }

    @Test
    void bodyOverTheLimitIsA413() {
        byte[] big = new byte[65537];
        java.util.Arrays.fill(big, (byte) ' ');
        HttpResponse<String> r =
                Http.post(base(), "/api/v1/ingest/requests", "application/json", big);

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(Http.json(r).get("detail").asText())
                .isEqualTo(
                        "The body has 65537 bytes; the limit is 65536 bytes"
                            + " (plimsoll.ingest.max-body-bytes). Split it into smaller batches.");
    }

    @Test
    void bodyOverTheServerLimitIsA413Too() {
        byte[] big = new byte[350_000];
        java.util.Arrays.fill(big, (byte) ' ');
        HttpResponse<String> r =
                Http.post(base(), "/api/v1/ingest/requests", "application/json", big);

        assertThat(r.statusCode()).as(r.headers().map() + " " + r.body()).isEqualTo(413);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(Http.json(r).get("type").asText())
                .isEqualTo("urn:plimsoll:problem:body-too-large");
    }

    @Test
    void tooManyRecordsIsA413() {
        String body = "[" + "{},".repeat(50) + "{}]";
        HttpResponse<String> r =
                Http.post(base(), "/api/v1/ingest/requests", "application/json", body);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(Http.json(r).get("detail").asText())
                .isEqualTo("The batch has more than 50 records; split it into smaller batches.");
    }

    /** The advice a FOCUS import gets instead of "split it": a split period keeps its last part. */
    private static final String IMPORT_ADVICE =
            " A FOCUS import cannot be split into several uploads of one billing period: each"
                    + " upload replaces what earlier ones said for its billing accounts and"
                    + " periods, so only the last part would count. Send each billing account's"
                    + " whole period in one request (a file holding several accounts or periods"
                    + " may be split along BillingAccountId and BillingPeriodStart), and raise"
                    + " plimsoll.ingest.max-import-bytes and plimsoll.ingest.max-records as"
                    + " needed.";

    /**
     * {@code rows} FOCUS rows of one account and period, each with a description of {@code pad}.
     */
    private static String focusRows(int rows, int pad) {
        StringBuilder csv =
                new StringBuilder(
                        "BillingAccountId,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,"
                                + "ChargePeriodEnd,EffectiveCost,BillingCurrency,"
                                + "ChargeDescription\n");
        for (int i = 0; i < rows; i++) {
            csv.append(
                            "123456789012,2026-03-01 00:00:00,2026-04-01 00:00:00,2026-03-01"
                                    + " 00:00:00,2026-03-01 01:00:00,0.00001605990,USD,")
                    .append(i)
                    .append("d".repeat(pad))
                    .append('\n');
        }
        return csv.toString();
    }

    private static String focusRows(int rows) {
        return focusRows(rows, 1);
    }

    @Test
    void aFocusImportMayBeLargerThanATelemetryBatch() throws Exception {
        // 50 rows of 3 000 bytes: above a telemetry batch's max-body-bytes (65 536), below
        // max-import-bytes (250 000)
        String csv = focusRows(50, 3000);
        assertThat(csv.length()).isBetween(150_000, 250_000);
        try (TopicReader costs = TopicReader.fromEnd(bootstrap(), TelemetryTopics.COSTS)) {
            HttpResponse<String> r = Http.post(base(), "/api/v1/ingest/costs", "text/csv", csv);

            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            JsonNode body = Http.json(r);
            assertThat(body.get("accepted").asInt()).isEqualTo(50);
            String generation = body.get("imports").get(0).get("generation").asText();
            CostRecordCodec codec = CostRecordCodec.create();
            int ofThisImport = 0;
            for (ConsumerRecord<byte[], byte[]> c : costs.readNew()) {
                CostRecord v = ((Validation.Accepted<CostRecord>) codec.decode(c.value())).value();
                if (v.costImport() != null && v.costImport().generation().equals(generation)) {
                    ofThisImport++;
                }
            }
            assertThat(ofThisImport).isEqualTo(50);
        }
    }

    @Test
    void aFocusImportOverTheRecordLimitIsToldNotToSplitItsPeriod() {
        HttpResponse<String> r =
                Http.post(base(), "/api/v1/ingest/costs", "text/csv", focusRows(51));

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(Http.json(r).get("type").asText())
                .isEqualTo("urn:plimsoll:problem:body-too-large");
        assertThat(Http.json(r).get("detail").asText())
                .isEqualTo("The batch has more than 50 records." + IMPORT_ADVICE);
    }

    @Test
    void aGzippedImportIsDecompressedAndItsLimitCountsTheDecompressedBytes() throws Exception {
        String fits = focusRows(50, 3000); // ~ 160 000 bytes, 50 rows
        HttpResponse<byte[]> accepted =
                Http.postBytes(
                        base(),
                        "/api/v1/ingest/costs",
                        "text/csv",
                        gzip(fits),
                        "Content-Encoding",
                        "gzip");
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(Http.json(accepted.body()).get("accepted").asInt()).isEqualTo(50);

        String tooLarge = focusRows(40, 6500); // ~ 265 000 bytes, a few KB gzipped
        byte[] compressed = gzip(tooLarge);
        assertThat(compressed.length).isLessThan(65_536);
        HttpResponse<byte[]> refused =
                Http.postBytes(
                        base(),
                        "/api/v1/ingest/costs",
                        "text/csv",
                        compressed,
                        "Content-Encoding",
                        "gzip");
        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(Http.json(refused.body()).get("detail").asText())
                .startsWith("The import has " + tooLarge.length() + " bytes");
    }

    private static byte[] gzip(String text) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
            gz.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    @Test
    void aFocusImportOverTheImportLimitIsToldNotToSplitItsPeriod() {
        String csv = focusRows(40, 6500);
        assertThat(csv.length()).isBetween(250_001, 300_000);
        HttpResponse<String> r = Http.post(base(), "/api/v1/ingest/costs", "text/csv", csv);

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(Http.json(r).get("detail").asText())
                .isEqualTo(
                        "The import has "
                                + csv.length()
                                + " bytes; the limit is 250000 bytes"
                                + " (plimsoll.ingest.max-import-bytes)."
                                + IMPORT_ADVICE);
    }

    @Test
    void aFocusImportOverTheServerLimitGetsTheImportAdviceToo() {
        String csv = focusRows(1) + " ".repeat(350_000);
        HttpResponse<String> r = Http.post(base(), "/api/v1/ingest/costs", "text/csv", csv);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
        assertThat(Http.json(r).get("detail").asText()).endsWith(IMPORT_ADVICE);
    }

    @Test
    void costRecordsAsJsonOverTheLimitKeepTheAdviceToSplit() {
        String body = "[" + "{},".repeat(50) + "{}]";
        HttpResponse<String> r =
                Http.post(base(), "/api/v1/ingest/costs", "application/json", body);

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(Http.json(r).get("detail").asText())
                .isEqualTo("The batch has more than 50 records; split it into smaller batches.");
    }

    @Test
    void unsupportedMediaTypeIsA415() {
        HttpResponse<String> r = Http.post(base(), "/api/v1/ingest/requests", "text/plain", "{}");
        assertThat(r.statusCode()).isEqualTo(415);
    }

    @Test
    void emptyBodyAcceptsNothing() {
        HttpResponse<String> r =
                Http.post(base(), "/api/v1/ingest/requests", "application/json", "");
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(r.body()).isEqualTo("{\"accepted\":0,\"rejected\":[]}");
    }

    @Test
    void deployMarkers() throws Exception {
        String service = "deploy-" + run;
        String body =
                "[{\"service\":\""
                        + service
                        + "\",\"version\":\"1.4.0\",\"at\":\"2026-03-01T09:30:00Z\"},"
                        + "{\"service\":\""
                        + service
                        + "\",\"version\":\"1.4.1\",\"at\":\"2999-01-01T00:00:00Z\"}]";
        try (TopicReader deploys = TopicReader.fromEnd(bootstrap(), TelemetryTopics.DEPLOYS)) {
            HttpResponse<String> r =
                    Http.post(base(), "/api/v1/ingest/deploys", "application/json", body);
            assertThat(r.statusCode()).isEqualTo(202);
            JsonNode json = Http.json(r);
            assertThat(json.get("accepted").asInt()).isEqualTo(1);
            assertThat(json.get("rejected").get(0).get("error").asText())
                    .startsWith(
                            "at: 2999-01-01T00:00:00.000000Z is more than 24 hours in the future");
            DeployMarkerCodec codec = DeployMarkerCodec.create();
            assertThat(deploys.readNew())
                    .filteredOn(c -> new String(c.key(), StandardCharsets.UTF_8).equals(service))
                    .extracting(c -> codec.decode(c.value()))
                    .containsExactly(
                            Validation.accepted(
                                    new DeployMarker(
                                            service,
                                            "1.4.0",
                                            Instant.parse("2026-03-01T09:30:00Z"))));
        }
    }

    @Test
    void importsTheFocusCsvSample() throws Exception {
        byte[] csv = java.nio.file.Files.readAllBytes(dev.plimsoll.ingest.csv.FocusCsvTest.SAMPLE);
        dev.plimsoll.ingest.csv.FocusCsv.Result expected =
                dev.plimsoll.ingest.csv.FocusCsv.decode(csv, 1000, Instant.now());
        String aws = expected.imports().get(0).generation();
        String azure = expected.imports().get(1).generation();
        try (TopicReader costs = TopicReader.fromEnd(bootstrap(), TelemetryTopics.COSTS)) {
            HttpResponse<String> r =
                    Http.post(base(), "/api/v1/ingest/costs", "text/csv; charset=utf-8", csv);
            assertThat(r.statusCode()).isEqualTo(202);
            assertThat(r.body())
                    .isEqualTo(
                            "{\"accepted\":12,\"rejected\":[],\"imports\":["
                                + "{\"billingAccountId\":\"123456789012\","
                                + "\"billingPeriodStart\":\"2026-03-01T00:00:00Z\","
                                + "\"billingPeriodEnd\":\"2026-04-01T00:00:00Z\",\"records\":10,"
                                + "\"generation\":\""
                                    + aws
                                    + "\"},{\"billingAccountId\":\"8a93b2c1-1234-4abc-9def-0123456789ab\","
                                    + "\"billingPeriodStart\":\"2026-03-01T00:00:00Z\","
                                    + "\"billingPeriodEnd\":\"2026-04-01T00:00:00Z\",\"records\":2,"
                                    + "\"generation\":\""
                                    + azure
                                    + "\"}]}");

            CostRecordCodec codec = CostRecordCodec.create();
            List<ConsumerRecord<byte[], byte[]>> written =
                    costs.readNew().stream()
                            .filter(
                                    c -> {
                                        try {
                                            CostRecord v =
                                                    ((Validation.Accepted<CostRecord>)
                                                                    codec.decode(c.value()))
                                                            .value();
                                            return v.costImport() != null
                                                    && (v.costImport().generation().equals(aws)
                                                            || v.costImport()
                                                                    .generation()
                                                                    .equals(azure));
                                        } catch (Exception e) {
                                            throw new AssertionError(e);
                                        }
                                    })
                            .toList();
            // exactly once each, in file order per billing period
            assertThat(written)
                    .extracting(
                            c ->
                                    dev.plimsoll.ingest.csv.FocusCsvTest.fields(
                                            ((Validation.Accepted<CostRecord>)
                                                            codec.decode(c.value()))
                                                    .value()))
                    .containsExactlyInAnyOrderElementsOf(
                            dev.plimsoll.ingest.csv.FocusCsvTest.SAMPLE_ROWS);
            // keyed by billing account and period: one partition per import, rows in order
            String awsKey =
                    "import:123456789012|2026-03-01T00:00:00.000000Z|2026-04-01T00:00:00.000000Z";
            String azureKey =
                    "import:8a93b2c1-1234-4abc-9def-0123456789ab|2026-03-01T00:00:00.000000Z"
                            + "|2026-04-01T00:00:00.000000Z";
            assertThat(written)
                    .extracting(c -> new String(c.key(), StandardCharsets.UTF_8))
                    .containsOnly(awsKey, azureKey)
                    .filteredOn(awsKey::equals)
                    .hasSize(10);
        }
    }

    @Test
    void aCsvRowRejectionNamesItsLineAndColumn() {
        HttpResponse<String> r =
                Http.post(
                        base(),
                        "/api/v1/ingest/costs",
                        "text/csv",
                        "x_RecordId,ChargePeriodStart,ChargePeriodEnd,EffectiveCost,BillingCurrency\n"
                            + "r1-"
                                + run
                                + ",2026-03-01 00:00:00,2026-03-01 01:00:00,0.00001605990,USD\n"
                                + "r2-"
                                + run
                                + ",2026-03-01 00:00:00,2026-03-01 01:00:00,NULL,USD\n");
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(r.body())
                .isEqualTo(
                        "{\"accepted\":1,\"rejected\":[{\"index\":1,\"line\":3,"
                                + "\"field\":\"EffectiveCost\",\"error\":\"EffectiveCost: is"
                                + " required\"}]}");
    }

    @Test
    void malformedCsvIsA400NamingTheLine() {
        HttpResponse<String> r =
                Http.post(
                        base(),
                        "/api/v1/ingest/costs",
                        "text/csv",
                        "RecordId,ChargePeriodStart,ChargePeriodEnd,Cost,Currency\n"
                                + "r1,2026-03-01T00:00:00Z,2026-03-01T01:00:00Z,1,\"USD\n");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Http.json(r).get("line").asLong()).isEqualTo(2);
    }

    @Test
    void costRecordsAsJsonKeepExactDecimals() throws Exception {
        String service = "cost-" + run;
        String body =
                "{\"recordId\":\"r-"
                        + run
                        + "\",\"service\":\""
                        + service
                        + "\",\"chargePeriodStart\":\"2026-03-01T00:00:00Z\","
                        + "\"chargePeriodEnd\":\"2026-03-01T01:00:00Z\",\"cost\":0.1000000001,\"currency\":\"USD\"}";
        try (TopicReader costs = TopicReader.fromEnd(bootstrap(), TelemetryTopics.COSTS)) {
            HttpResponse<String> r =
                    Http.post(base(), "/api/v1/ingest/costs", "application/json", body);
            assertThat(r.statusCode()).isEqualTo(202);
            List<ConsumerRecord<byte[], byte[]>> written =
                    costs.readNew().stream()
                            .filter(
                                    c ->
                                            new String(c.key(), StandardCharsets.UTF_8)
                                                    .equals("r-" + run)) // keyed by recordId
                            .toList();
            assertThat(written).hasSize(1);
            assertThat(new String(written.get(0).value(), StandardCharsets.UTF_8))
                    .contains("\"cost\":\"0.1000000001\"");
            CostRecord c =
                    ((Validation.Accepted<CostRecord>)
                                    CostRecordCodec.create().decode(written.get(0).value()))
                            .value();
            assertThat(c.cost()).isEqualTo(new BigDecimal("0.1000000001"));
        }
    }
}
