package dev.plimsoll.streams;

import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.infra.testing.ClickHouseService;
import dev.plimsoll.infra.testing.KafkaService;
import dev.plimsoll.infra.testing.PlimsollServicesExtension;
import dev.plimsoll.streams.row.ServiceMinuteRow;
import dev.plimsoll.streams.sink.ClickHouseSink;
import dev.plimsoll.streams.sink.ClickHouseSinkSettings;
import dev.plimsoll.streams.testing.ChildJvm;
import dev.plimsoll.streams.testing.RequestEvents;
import dev.plimsoll.streams.testing.StreamsMain;
import dev.plimsoll.streams.testing.TestClients;
import dev.plimsoll.streams.testing.TestRows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.plimsoll.streams.testing.TestClients.queryLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole path on a real broker and the real ClickHouse engine: 200 000 request events through
 * the streams job (in its own JVM, SIGKILLed in the middle of the run and restarted on the same
 * state directory) and the sink into ClickHouse. Every count must come out exactly: no event lost,
 * none counted twice, in the minute table and in both rollups.
 *
 * <p>6 000 of the events of the first six minutes arrive late — after the live events of the first
 * twelve — so their minutes are written already and they become corrections (ADR 0011). The job is
 * killed once it has read into them: corrections are in flight (collected, not yet written; they
 * wait for their arrival minute to close, which only the events after the restart do).
 */
@ExtendWith(PlimsollServicesExtension.class)
class ExactlyOnceCrashTest {

    private static final int EVENTS = 200_000;
    private static final int PARTITIONS = 2;
    private static final String SENTINEL = "zz-sentinel";

    /** Recent enough for the tables' TTL, whole hours so that the rollups are easy to check. */
    private static final Instant T0 =
            Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3));

    private static final Duration SPAN = Duration.ofMinutes(20);
    private static final int LATE = 6_000;

    @TempDir Path stateDir;

    @Test
    void aStreamsJobKilledMidRunAndRestartedCountsEveryEventExactlyOnce(
            KafkaService kafka, ClickHouseService clickhouse) {
        String bootstrap = kafka.bootstrapServers();
        String url = clickhouse.createDatabase("eos");
        // no merges: a duplicated row must stay visible, not be collapsed by ReplacingMergeTree
        TestClients.execute(url, "SYSTEM STOP MERGES service_minute");
        String input = TestClients.uniqueTopic("requests");
        String output = TestClients.uniqueTopic("service-minute");
        TestClients.createTopic(bootstrap, input, PARTITIONS);
        TestClients.createTopic(bootstrap, output, PARTITIONS);
        String applicationId = "eos-" + input;
        List<String> childArgs =
                List.of(bootstrap, stateDir.toString(), applicationId, input, output);

        List<RequestEvent> events = RequestEvents.generate(EVENTS, T0, SPAN, 20_240_601L);
        Map<String, Long> expected = RequestEvents.expectedCounts(events);
        long tenantEvents = events.stream().filter(e -> e.tenant() != null).count();
        double expectedInflightMs =
                events.stream().mapToLong(e -> e.endMicros() - e.startMicros()).sum() / 1000.0;
        int firstPart = EVENTS * 6 / 10;
        // the late ones: from the first 30 % (minutes 0-6), sent after the rest of the first 60 %
        List<RequestEvent> ordered = new java.util.ArrayList<>(events);
        java.util.Random random = new java.util.Random(7);
        java.util.Set<Integer> lateIndexes = new java.util.TreeSet<>();
        while (lateIndexes.size() < LATE) {
            lateIndexes.add(random.nextInt(EVENTS * 3 / 10));
        }
        List<RequestEvent> late = new java.util.ArrayList<>();
        for (int i : ((java.util.TreeSet<Integer>) lateIndexes).descendingSet()) {
            late.add(ordered.remove(i));
        }
        java.util.Collections.shuffle(late, random);
        ordered.addAll(firstPart - LATE, late);
        long lateStarts = firstPart - LATE;

        ClickHouseSinkSettings sinkSettings =
                ClickHouseSinkSettings.defaults(bootstrap, url).toBuilder()
                        .topic(output)
                        .groupId("sink-" + output)
                        .batchRows(200)
                        .batchInterval(Duration.ofMillis(300))
                        .consumerOverrides(TestClients.FAST_GROUP)
                        .build();
        int rows;
        try (ClickHouseSink sink = new ClickHouseSink(sinkSettings)) {
            sink.start();
            RequestEvents.produce(bootstrap, input, ordered.subList(0, firstPart));

            ChildJvm first =
                    ChildJvm.start("streams-first", StreamsMain.class, List.of(), childArgs);
            try {
                // it has committed past the first late events: their corrections are in flight
                await().atMost(Duration.ofMinutes(2))
                        .until(
                                () ->
                                        !first.isAlive()
                                                || TestClients.committedOffsets(
                                                                bootstrap, applicationId, input)
                                                        > lateStarts + 500);
                assertThat(first.isAlive()).as("the first streams JVM is running").isTrue();
            } finally {
                first.kill(); // SIGKILL, in the middle of a transaction
            }
            long rowsAtKill = sink.stats().rowsInserted();

            RequestEvents.produce(bootstrap, input, ordered.subList(firstPart, EVENTS));
            RequestEvents.produceSentinels(
                    bootstrap,
                    input,
                    PARTITIONS,
                    T0.plus(SPAN).plus(Duration.ofMinutes(10)),
                    SENTINEL);
            try (ChildJvm second =
                    ChildJvm.start("streams-second", StreamsMain.class, List.of(), childArgs)) {
                // the job has consumed (and committed) the whole input, sentinels included
                await().atMost(Duration.ofMinutes(3))
                        .pollInterval(Duration.ofSeconds(1))
                        .until(() -> TestClients.consumedAll(bootstrap, applicationId, input));
                // every committed output row has reached ClickHouse, and no more
                List<ServiceMinuteRow> out =
                        TestClients.readAllCommitted(
                                bootstrap, output, r -> TestRows.decode(r.value()));
                await().atMost(Duration.ofMinutes(1))
                        .until(() -> sink.stats().rowsInserted() >= out.size());
                assertThat(rowsAtKill).as("killed mid-run").isLessThan(out.size());
                assertThat(sink.stats().rowsInserted()).isEqualTo(out.size());

                assertThat(out)
                        .as("each window's rows and corrections once")
                        .extracting(r -> rowId(r) + "|" + r.correction())
                        .doesNotHaveDuplicates();
                assertThat(out.stream().filter(ServiceMinuteRow::isCorrection).count())
                        .as("late events were corrections")
                        .isPositive();
                Map<String, Long> emitted =
                        out.stream()
                                .collect(
                                        Collectors.toMap(
                                                ExactlyOnceCrashTest::rowId,
                                                ServiceMinuteRow::count,
                                                Long::sum));
                assertThat(emitted.values().stream().mapToLong(Long::longValue).sum())
                        .as("Σ count of all rows in the output topic")
                        .isEqualTo(events.size() * 2L + tenantEvents * 2L);
                assertThat(emitted).isEqualTo(expected);
                rows = out.size();
            }
        }

        assertThat(queryLong(url, "SELECT count() FROM service_minute")).isEqualTo(rows);
        assertThat(queryLong(url, "SELECT count() FROM service_minute FINAL")).isEqualTo(rows);
        assertThat(
                        TestClients.queryMap(
                                url,
                                "SELECT concat(tenant, '|', service, '|', operation, '|',"
                                        + " toString(toUnixTimestamp(minute))), sum(count) FROM"
                                        + " service_minute FINAL GROUP BY tenant, service,"
                                        + " operation, minute"))
                .isEqualTo(expected);
        for (String table : List.of("service_minute", "service_hour", "service_day")) {
            assertThat(
                            queryLong(
                                    url,
                                    "SELECT sum(count) FROM "
                                            + table
                                            + " WHERE tenant = '' AND operation = ''"))
                    .as(table + ": every event once in the all-tenants, whole-service rows")
                    .isEqualTo(EVENTS);
            assertThat(
                            queryLong(
                                    url,
                                    "SELECT sum(count) FROM "
                                            + table
                                            + " WHERE tenant = '' AND operation != ''"))
                    .as(table + ": every event once in its operation's row")
                    .isEqualTo(EVENTS);
            assertThat(
                            queryLong(
                                    url,
                                    "SELECT sum(count) FROM "
                                            + table
                                            + " WHERE tenant != '' AND operation = ''"))
                    .as(table + ": tenant events once in their tenant's rows")
                    .isEqualTo(tenantEvents);
        }
        double inflightMs =
                Double.parseDouble(
                        TestClients.queryString(
                                url,
                                "SELECT toString(sum(inflight_ms)) FROM service_minute FINAL"
                                        + " WHERE tenant = '' AND operation = ''"));
        assertThat(inflightMs)
                .isCloseTo(expectedInflightMs, org.assertj.core.data.Offset.offset(1e-3));
    }

    private static String rowId(ServiceMinuteRow r) {
        return r.tenant()
                + "|"
                + r.service()
                + "|"
                + r.operation()
                + "|"
                + r.minute().getEpochSecond();
    }
}
