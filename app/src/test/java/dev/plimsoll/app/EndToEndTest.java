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
                        "200ms"));
    }
}
