package dev.plimsoll.streams;

import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.infra.testing.ClickHouseService;
import dev.plimsoll.infra.testing.KafkaService;
import dev.plimsoll.infra.testing.PlimsollServicesExtension;
import dev.plimsoll.streams.row.ServiceMinuteRow;
import dev.plimsoll.streams.sink.ClickHouseSink;
import dev.plimsoll.streams.sink.ClickHouseSinkSettings;
import dev.plimsoll.streams.testing.AggregatorMetrics;
import dev.plimsoll.streams.testing.ChildJvm;
import dev.plimsoll.streams.testing.RequestEvents;
import dev.plimsoll.streams.testing.StreamsMain;
import dev.plimsoll.streams.testing.TestClients;
import dev.plimsoll.streams.testing.TestRows;

import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static dev.plimsoll.streams.testing.TestClients.queryLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Idle partitions on a real broker and the real ClickHouse engine: the last minute of a service
 * that stops sending reaches ClickHouse without any later event, and the advanced clock survives a
 * SIGKILL of the job.
 *
 * <p>Grace 1 s, idle close 1 s. Events of service {@code quiet} at M+10 s, M+20 s, M+30 s and
 * M+1:10, M+1:59 (one partition): the last one closes M by stream time; M+1 can only close by the
 * idle clock (at M+2:01). After the kill, a job without idle closing restarts on the same state: an
 * event at M+1:30 is behind the stored clock, so M+1 is written already and the event becomes a
 * correction of it (arrived in the clock's minute M+2) — with Kafka Streams' own stream time alone
 * (M+1:59) it would be taken for on time and M+1's on-time row emitted a second time.
 */
@ExtendWith(PlimsollServicesExtension.class)
class IdleCloseRestartTest {

    private static final Instant M =
            Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));

    @TempDir Path stateDir;

    @Test
    void theLastMinuteOfAQuietServiceIsWrittenAndStaysClosedAfterACrash(
            KafkaService kafka, ClickHouseService clickhouse) {
        String bootstrap = kafka.bootstrapServers();
        String url = clickhouse.createDatabase("idle_close");
        String input = TestClients.uniqueTopic("requests");
        String output = TestClients.uniqueTopic("service-minute");
        TestClients.createTopic(bootstrap, input, 1);
        TestClients.createTopic(bootstrap, output, 1);
        String applicationId = "idle-" + input;

        ClickHouseSinkSettings sinkSettings =
                ClickHouseSinkSettings.defaults(bootstrap, url).toBuilder()
                        .topic(output)
                        .groupId("sink-" + output)
                        .batchRows(10)
                        .batchInterval(Duration.ofMillis(200))
                        .consumerOverrides(TestClients.FAST_GROUP)
                        .build();
        try (ClickHouseSink sink = new ClickHouseSink(sinkSettings)) {
            sink.start();
            RequestEvents.produce(
                    bootstrap,
                    input,
                    List.of(
                            quiet(M.plusSeconds(10)),
                            quiet(M.plusSeconds(20)),
                            quiet(M.plusSeconds(30)),
                            quiet(M.plusSeconds(70)),
                            quiet(M.plusSeconds(119))));

            ChildJvm first =
                    ChildJvm.start(
                            "streams-idle",
                            StreamsMain.class,
                            List.of(),
                            List.of(
                                    bootstrap,
                                    stateDir.toString(),
                                    applicationId,
                                    input,
                                    output,
                                    "PT1S",
                                    "PT1S",
                                    "PT0.5S"));
            try {
                // M+1 reaches ClickHouse with no later event: only the idle clock closes it
                await().atMost(Duration.ofMinutes(2))
                        .until(() -> !first.isAlive() || sink.stats().rowsInserted() >= 4);
                assertThat(first.isAlive()).as("the streams JVM is running").isTrue();
            } finally {
                first.kill(); // SIGKILL: whatever transaction is open is aborted
            }
            assertThat(minuteCounts(url)).isEqualTo(Map.of(M, 3L, M.plusSeconds(60), 2L));

            StreamsSettings restarted =
                    TestClients.fastJob(bootstrap, stateDir, applicationId, input, output)
                            .grace(Duration.ofSeconds(1))
                            .maxClockSkew(Duration.ofMillis(500))
                            .idleCloseAfter(Duration.ZERO)
                            .build();
            try (StreamsService service = new StreamsService(restarted)) {
                service.start();
                RequestEvents.produce(bootstrap, input, List.of(quiet(M.plusSeconds(90))));
                // a later event closes everything up to M+4 by stream time
                RequestEvents.produce(bootstrap, input, List.of(quiet(M.plusSeconds(300))));

                await().atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> TestClients.consumedAll(bootstrap, applicationId, input));
                assertThat(AggregatorMetrics.sum(service.metrics(), "late-corrected-records-total"))
                        .isEqualTo(1.0);
                assertThat(service.state()).isEqualTo(KafkaStreams.State.RUNNING);
            }
            List<ServiceMinuteRow> out =
                    TestClients.readAllCommitted(
                            bootstrap, output, r -> TestRows.decode(r.value()));
            long arrival = M.plusSeconds(120).getEpochSecond();
            assertThat(out)
                    .filteredOn(r -> r.minute().isBefore(M.plusSeconds(300)))
                    .extracting(
                            r ->
                                    r.minute()
                                            + "|"
                                            + r.operation()
                                            + "|"
                                            + r.count()
                                            + "|"
                                            + r.correction())
                    .containsExactlyInAnyOrder(
                            M + "|GET /|3|0",
                            M + "||3|0",
                            M.plusSeconds(60) + "|GET /|2|0",
                            M.plusSeconds(60) + "||2|0",
                            M.plusSeconds(60) + "|GET /|1|" + arrival,
                            M.plusSeconds(60) + "||1|" + arrival);
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> sink.stats().rowsInserted() >= out.size());
        }
        assertThat(minuteCounts(url)).isEqualTo(Map.of(M, 3L, M.plusSeconds(60), 3L));
        assertThat(queryLong(url, "SELECT count() FROM service_minute FINAL")).isEqualTo(6);
    }

    private static RequestEvent quiet(Instant start) {
        return new RequestEvent(
                "quiet", "GET /", start.toEpochMilli() * 1000, 5, 200, false, null, null);
    }

    /** Σ count of the operation rows per minute, as stored (without FINAL: duplicates count). */
    private static Map<Instant, Long> minuteCounts(String url) {
        Map<String, Long> raw =
                TestClients.queryMap(
                        url,
                        "SELECT toString(toUnixTimestamp(minute)), sum(count) FROM service_minute"
                                + " WHERE operation = 'GET /' GROUP BY minute");
        Map<Instant, Long> counts = new java.util.HashMap<>();
        raw.forEach((k, v) -> counts.put(Instant.ofEpochSecond(Long.parseLong(k)), v));
        return counts;
    }
}
