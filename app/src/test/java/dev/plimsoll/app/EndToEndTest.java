package dev.plimsoll.app;

import dev.plimsoll.infra.clickhouse.LocalClickHouse;
import dev.plimsoll.infra.kafka.LocalKafka;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ingest → Kafka → Kafka Streams → ClickHouse → query API, with the real engines: request events
 * posted over HTTP come back from the API as P95 and concurrency equal to figures computed from the
 * raw events ({@link Scenario}). Each test gets a fresh broker and engine, so stream time and
 * consumer offsets start clean.
 */
class EndToEndTest {

    private static final Duration LANDING = Duration.ofMinutes(2);
    private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());

    @TempDir Path dir;
    private LocalKafka kafka;
    private LocalClickHouse clickHouse;

    @BeforeEach
    void startEngines() {
        kafka = LocalKafka.start(dir.resolve("kafka"));
        clickHouse = LocalClickHouse.start(dir.resolve("clickhouse"));
    }

    @AfterEach
    void stopEngines() {
        if (clickHouse != null) {
            clickHouse.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void oneProcessWithEveryRoleAnswersWithTheExpectedP95AndConcurrency() throws Exception {
        Scenario scenario = Scenario.anHourAgo();

        try (PlimsollApp app =
                PlimsollApp.start(settings("all", EnumSet.allOf(Role.class)), QUIET)) {
            URI base = app.baseUri();
            scenario.send(base);
            scenario.awaitLanded(base, LANDING);
            scenario.assertApiAnswers(base);
            assertSelfMetrics(base);
        }
    }

    /**
     * Seven rows landed: m0 (pay, whole service), m1 (pay, cart, whole service), m2 (cart's
     * spill-over, whole service); the tick's minute is still open.
     */
    private static void assertSelfMetrics(URI base) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String metrics;
        do {
            HttpResponse<String> r =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(base.resolve("/prometheus")).build(),
                                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            metrics = r.body();
        } while (!metrics.contains("plimsoll_sink_rows_inserted_total 7.0")
                && System.nanoTime() < deadline
                && sleep());
        assertThat(metrics)
                .contains("plimsoll_sink_rows_inserted_total 7.0")
                .contains("plimsoll_sink_insert_failures_total 0.0")
                .contains("kafka_consumer_fetch_manager_records_lag_max");
    }

    private static boolean sleep() throws InterruptedException {
        Thread.sleep(300);
        return true;
    }

    /**
     * Cost per user end to end, in one process: requests posted as NDJSON and a FOCUS export posted
     * as CSV (byte-order mark, zone-less times, a tag key with a stray space, a shared cost with a
     * NULL tag) reach the cost job through ingest and Kafka, and the API answers the hour's row.
     * Hand-computed: shared 0.30 by requests pay 4 : cart 2 → pay 0.20; pay total 1.20 + 0.20 =
     * 1.40, 3 distinct users (u1 twice) → 0.466666666666666667 per user, 350 per 1 000 requests.
     */
    @Test
    void costPerUserFromAFocusExportAndRequestsPostedOverHttp() throws Exception {
        java.time.Instant hour =
                java.time.Instant.now()
                        .truncatedTo(java.time.temporal.ChronoUnit.HOURS)
                        .minus(Duration.ofHours(2));
        String h =
                java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                        .withZone(java.time.ZoneOffset.UTC)
                        .format(hour);
        String end =
                java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                        .withZone(java.time.ZoneOffset.UTC)
                        .format(hour.plus(Duration.ofHours(1)));
        String month = hour.toString().substring(0, 7);
        String csv =
                "\uFEFFBillingAccountId,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,"
                        + "ChargePeriodEnd,ChargeCategory,ServiceName,EffectiveCost,BilledCost,"
                        + "BillingCurrency,Tags\r\n"
                        + "42,"
                        + month
                        + "-01 00:00:00,2099-01-01 00:00:00,"
                        + h
                        + ","
                        + end
                        + ",Usage,Amazon Elastic Compute Cloud,1.20000000000,1.2,USD,"
                        + "\"{\"\" application\"\": \"\"pay\"\"}\"\r\n"
                        + "42,"
                        + month
                        + "-01 00:00:00,2099-01-01 00:00:00,"
                        + h
                        + ","
                        + end
                        + ",Usage,Amazon Virtual Private Cloud,0.30000000000,0.3,USD,NULL\r\n";
        long start = hour.toEpochMilli() + 60_000;
        StringBuilder requests = new StringBuilder();
        String[][] events = {
            {"pay", "u1"},
            {"pay", "u2"},
            {"pay", "u3"},
            {"pay", "u1"},
            {"cart", "u4"},
            {"cart", "u4"}
        };
        for (int i = 0; i < events.length; i++) {
            requests.append("{\"service\":\"")
                    .append(events[i][0])
                    .append("\",\"operation\":\"GET /\",\"start\":")
                    .append(start + i * 1000L)
                    .append(",\"durationMs\":5,\"userId\":\"")
                    .append(events[i][1])
                    .append("\"}\n");
        }
        try (PlimsollApp app =
                PlimsollApp.start(settings("cost", EnumSet.allOf(Role.class)), QUIET)) {
            URI base = app.baseUri();
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> sent =
                    http.send(
                            HttpRequest.newBuilder(base.resolve("/api/v1/ingest/requests"))
                                    .header("Content-Type", "application/x-ndjson")
                                    .POST(HttpRequest.BodyPublishers.ofString(requests.toString()))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(sent.body()).isEqualTo("{\"accepted\":6,\"rejected\":[]}");
            HttpResponse<String> imported =
                    http.send(
                            HttpRequest.newBuilder(base.resolve("/api/v1/ingest/costs"))
                                    .header("Content-Type", "text/csv")
                                    .POST(HttpRequest.BodyPublishers.ofString(csv))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(imported.statusCode()).isEqualTo(202);
            assertThat(imported.body()).startsWith("{\"accepted\":2,\"rejected\":[],\"imports\":[");

            URI costs =
                    base.resolve(
                            "/api/v1/services/pay/cost-per-user?from="
                                    + hour
                                    + "&to="
                                    + hour.plus(Duration.ofHours(1))
                                    + "&step=1h");
            String expected =
                    "\"points\":[{\"t\":\""
                            + hour
                            + "\",\"currency\":\"USD\",\"cost\":\"1.4\",\"activeUsers\":3,"
                            + "\"costPerUser\":\"0.466666666666666667\",\"requests\":4,"
                            + "\"costPerThousandRequests\":\"350\",\"final\":false}]";
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(300))
                    .untilAsserted(
                            () ->
                                    assertThat(
                                                    http.send(
                                                                    HttpRequest.newBuilder(costs)
                                                                            .build(),
                                                                    HttpResponse.BodyHandlers
                                                                            .ofString())
                                                            .body())
                                            .contains(expected));
        }
    }

    @Test
    void rolesSplitAcrossTwoProcessesSharingKafkaAndClickHouseAnswerTheSame() throws Exception {
        Scenario scenario = Scenario.anHourAgo();

        try (PlimsollApp ingest =
                        PlimsollApp.start(settings("ingest", Set.of(Role.INGEST)), QUIET);
                PlimsollApp rest =
                        PlimsollApp.start(
                                settings("rest", EnumSet.of(Role.STREAMS, Role.API)), QUIET)) {
            scenario.send(ingest.baseUri());
            scenario.awaitLanded(rest.baseUri(), LANDING);
            scenario.assertApiAnswers(rest.baseUri());
        }
    }

    private AppSettings settings(String name, Set<Role> roles) {
        return new AppSettings(
                "127.0.0.1",
                0,
                dir.resolve(name),
                roles,
                Optional.of(kafka.bootstrapServers()),
                Optional.of(clickHouse.jdbcUrl("plimsoll")),
                0,
                0,
                false,
                Map.of(
                        TopicProvisioning.PARTITIONS,
                        "1",
                        "plimsoll.security.mode",
                        "open",
                        "plimsoll.streams.sink.batch-interval",
                        "200ms",
                        "plimsoll.cost.emit-delay",
                        "200ms",
                        "plimsoll.cost.traffic-flush-interval",
                        "200ms"));
    }
}
