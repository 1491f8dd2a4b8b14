package dev.plimsoll.streams.sink;

import dev.plimsoll.infra.testing.ClickHouseService;
import dev.plimsoll.infra.testing.KafkaService;
import dev.plimsoll.infra.testing.PlimsollServicesExtension;
import dev.plimsoll.streams.row.ServiceMinuteRow;
import dev.plimsoll.streams.testing.ChildJvm;
import dev.plimsoll.streams.testing.SinkMain;
import dev.plimsoll.streams.testing.TestClients;
import dev.plimsoll.streams.testing.TestRows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static dev.plimsoll.streams.testing.TestClients.queryLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sink is SIGKILLed in its own JVM right as it starts inserting a batch, then a new sink of the
 * same group takes over: every row is stored exactly once, and the rollups count it once.
 */
@ExtendWith(PlimsollServicesExtension.class)
class SinkCrashTest {

    private static final Instant T0 =
            Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3));

    @Test
    void aSinkKilledInTheMiddleOfABatchResumesWithoutLosingOrRepeatingRows(
            KafkaService kafka, ClickHouseService clickhouse) {
        String bootstrap = kafka.bootstrapServers();
        String url = clickhouse.createDatabase("sink_crash");
        // no merges: a duplicated row must stay visible, not be collapsed by ReplacingMergeTree
        TestClients.execute(url, "SYSTEM STOP MERGES service_minute");
        String topic = TestClients.uniqueTopic("rows-crash");
        TestClients.createTopic(bootstrap, topic, 2);
        List<ServiceMinuteRow> rows = new ArrayList<>();
        for (String service : List.of("a", "b", "c")) {
            rows.addAll(TestRows.rows(service, T0, 400));
        }
        TestClients.produceRows(bootstrap, topic, rows);
        long expectedCount = TestRows.sumOfCounts(rows);
        String group = "sink-" + topic;

        ChildJvm child =
                ChildJvm.start(
                        "sink-crash",
                        SinkMain.class,
                        List.of("plimsoll.sink.log=DEBUG"),
                        List.of(bootstrap, url, topic, group, "50", "3600000"));
        try {
            assertThat(
                            child.awaitLine(
                                    l -> l.contains("Inserting batch 6 "), Duration.ofSeconds(90)))
                    .as("the child sink reached its sixth batch")
                    .isTrue();
            child.kill();
        } finally {
            child.kill();
        }
        long storedBeforeRestart = queryLong(url, "SELECT count() FROM service_minute");
        assertThat(storedBeforeRestart).as("killed mid-run").isBetween(250L, rows.size() - 1L);

        ClickHouseSinkSettings settings =
                ClickHouseSinkSettings.defaults(bootstrap, url).toBuilder()
                        .topic(topic)
                        .groupId(group)
                        .batchRows(50)
                        .batchInterval(Duration.ofMillis(200))
                        .consumerOverrides(TestClients.FAST_GROUP)
                        .build();
        try (ClickHouseSink restarted = new ClickHouseSink(settings)) {
            restarted.start();
            await().atMost(Duration.ofSeconds(90))
                    .until(
                            () ->
                                    restarted.stats().rowsInserted() + storedBeforeRestart
                                            >= rows.size());
            assertThat(restarted.stats().rowsInserted() + storedBeforeRestart)
                    .isEqualTo(rows.size());
        }

        assertThat(queryLong(url, "SELECT count() FROM service_minute")).isEqualTo(rows.size());
        assertThat(
                        queryLong(
                                url,
                                "SELECT uniqExact(source_partition, source_offset) FROM"
                                        + " service_minute"))
                .isEqualTo(rows.size());
        assertThat(queryLong(url, "SELECT sum(count) FROM service_minute"))
                .isEqualTo(expectedCount);
        assertThat(queryLong(url, "SELECT sum(count) FROM service_hour")).isEqualTo(expectedCount);
        assertThat(queryLong(url, "SELECT sum(count) FROM service_day")).isEqualTo(expectedCount);
    }
}
