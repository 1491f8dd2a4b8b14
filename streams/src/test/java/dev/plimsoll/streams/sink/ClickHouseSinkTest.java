package dev.plimsoll.streams.sink;

import dev.plimsoll.infra.testing.ClickHouseService;
import dev.plimsoll.infra.testing.KafkaService;
import dev.plimsoll.infra.testing.PlimsollServicesExtension;
import dev.plimsoll.streams.row.ServiceMinuteRow;
import dev.plimsoll.streams.testing.TestClients;
import dev.plimsoll.streams.testing.TestRows;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static dev.plimsoll.streams.testing.TestClients.execute;
import static dev.plimsoll.streams.testing.TestClients.queryLong;
import static dev.plimsoll.streams.testing.TestClients.queryString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The sink against a real Kafka broker and the real ClickHouse engine. */
@ExtendWith(PlimsollServicesExtension.class)
class ClickHouseSinkTest {

    /**
     * Two hours before the last full hour: rows must be younger than the tables' TTL (14 days for
     * minutes), or ClickHouse drops them right after the insert.
     */
    private static final Instant T0 =
            Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));

    private static final Duration NEVER = Duration.ofHours(1);
    private static final Duration AWAIT = Duration.ofSeconds(60);

    private final String bootstrap;
    private final ClickHouseService clickhouse;
    private final List<ClickHouseSink> sinks = new ArrayList<>();

    ClickHouseSinkTest(KafkaService kafka, ClickHouseService clickhouse) {
        this.bootstrap = kafka.bootstrapServers();
        this.clickhouse = clickhouse;
    }

    @AfterEach
    void closeSinks() {
        sinks.forEach(ClickHouseSink::close);
    }

    @Test
    void insertsFullBatchesAsOneInsertEach() {
        String topic = topic(1);
        String url = database("sink_size");
        List<ServiceMinuteRow> rows = TestRows.rows("svc", T0, 100);
        TestClients.produceRows(bootstrap, topic, rows);

        ClickHouseSink sink =
                start(settings(url, topic).batchRows(50).batchInterval(NEVER).build());

        awaitStats(sink, st -> st.rowsInserted() == 100);
        assertThat(sink.stats().batchesInserted()).isEqualTo(2);
        assertThat(queryLong(url, "SELECT count() FROM service_minute")).isEqualTo(100);
        assertThat(
                        queryString(
                                url,
                                "SELECT toString(groupArray(source_offset)) FROM (SELECT"
                                    + " source_offset FROM service_minute ORDER BY source_offset)"))
                .isEqualTo(range(0, 100));
        assertThat(queryLong(url, "SELECT sum(count) FROM service_minute"))
                .isEqualTo(TestRows.sumOfCounts(rows));
    }

    @Test
    void storesEveryColumnAsTheRowSaysAndTheRollupsFollow() {
        String topic = topic(1);
        String url = database("sink_values");
        ServiceMinuteRow row =
                new ServiceMinuteRow(
                        "acme",
                        "orders",
                        "GET /o/{id}",
                        T0,
                        3,
                        1,
                        61.5,
                        1.5,
                        40.0,
                        1,
                        Map.of(-7, 1L, 238, 1L),
                        2,
                        90_500.25,
                        new long[] {-2L, 5L},
                        3);
        ServiceMinuteRow spill =
                new ServiceMinuteRow(
                        "acme",
                        "orders",
                        "GET /o/{id}",
                        T0.plusSeconds(60),
                        0,
                        0,
                        0,
                        Double.POSITIVE_INFINITY,
                        0,
                        0,
                        Map.of(),
                        1,
                        60_000,
                        new long[0],
                        0);
        TestClients.produceRows(bootstrap, topic, List.of(row, spill));

        ClickHouseSink sink = start(settings(url, topic).batchRows(2).batchInterval(NEVER).build());
        awaitStats(sink, st -> st.rowsInserted() == 2);

        assertThat(
                        queryString(
                                url,
                                "SELECT concat(tenant, '|', service, '|', operation, '|',"
                                        + " toString(minute), '|', toString(count), '|',"
                                        + " toString(errors), '|', toString(sum_ms), '|',"
                                        + " toString(min_ms), '|', toString(max_ms), '|',"
                                        + " toString(zero_count), '|', toString(buckets), '|',"
                                        + " toString(peak_inflight), '|', toString(inflight_ms),"
                                        + " '|', toString(users), '|',"
                                        + " toString(users_sample_shift)) FROM service_minute"
                                        + " WHERE count > 0"))
                .isEqualTo(
                        "acme|orders|GET /o/{id}|"
                                + T0.toString().replace('T', ' ').replace("Z", "")
                                + "|3|1|61.5|1.5|40|1"
                                + "|{-7:1,238:1}|2|90500.25|[18446744073709551614,5]|3");
        // the hour rollup: min ignores the concurrency-only row (+inf), max and sums add up
        assertThat(
                        queryString(
                                url,
                                "SELECT concat(toString(sum(count)), '|', toString(min(min_ms)),"
                                        + " '|', toString(max(max_ms)), '|',"
                                        + " toString(max(peak_inflight)), '|',"
                                        + " toString(sum(inflight_ms)), '|',"
                                        + " toString(uniqCombined64Merge(users)), '|',"
                                        + " toString(max(users_sample_shift))) FROM"
                                        + " service_hour"))
                .isEqualTo("3|1.5|40|2|150500.25|2|3");
    }

    /**
     * Corrections (ADR 0011): each is its own row, even with FINAL; a correction stores the peak
     * bound of its minute so far — the largest stored peak of the window, or of an earlier row of
     * the same batch, plus its own — flagged inexact unless one part was 0; the rollups count the
     * correction rows and their late requests.
     */
    @Test
    void correctionsAreRowsOfTheirOwnWithTheirMinutesPeakBound() {
        String topic = topic(1);
        String url = database("sink_corrections");
        long arrived = T0.plusSeconds(300).getEpochSecond();
        List<ServiceMinuteRow> rows =
                List.of(
                        row(T0, 3, 2, 0), // on time: peak 2 (batch 1)
                        row(T0, 2, 3, arrived), // its correction: bound 2 + 3 = 5, inexact
                        row(T0, 1, 0, arrived + 60), // another, no concurrency: 5 + 0 (batch 2)
                        row(T0.plusSeconds(60), 2, 4, arrived)); // no on-time row: exactly 4
        TestClients.produceRows(bootstrap, topic, rows);

        ClickHouseSink sink = start(settings(url, topic).batchRows(2).batchInterval(NEVER).build());
        awaitStats(sink, st -> st.rowsInserted() == 4);

        assertThat(
                        queryString(
                                url,
                                "SELECT arrayStringConcat(groupArray(r), ' ') FROM (SELECT"
                                    + " concat(toString(toUnixTimestamp(minute) -"
                                    + " toUnixTimestamp(min(minute) OVER ())), ':',"
                                    + " toString(correction), ':', toString(count), ':',"
                                    + " toString(peak_inflight), ':', toString(peak_exact)) AS r"
                                    + " FROM service_minute FINAL ORDER BY minute, correction)"))
                .isEqualTo(
                        "0:0:3:2:1 0:"
                                + arrived
                                + ":2:5:0 0:"
                                + (arrived + 60)
                                + ":1:5:0 60:"
                                + arrived
                                + ":2:4:1");
        assertThat(
                        queryString(
                                url,
                                "SELECT concat(toString(sum(count)), '|',"
                                    + " toString(sum(corrections)), '|', toString(sum(late_count)),"
                                    + " '|', toString(max(peak_inflight)), '|',"
                                    + " toString(min(peak_exact))) FROM service_hour"))
                .isEqualTo("8|3|5|5|0");
        assertThat(
                        queryString(
                                url,
                                "SELECT concat(toString(sum(count)), '|',"
                                    + " toString(sum(corrections)), '|', toString(sum(late_count)))"
                                    + " FROM service_day"))
                .isEqualTo("8|3|5");
    }

    private static ServiceMinuteRow row(Instant minute, long count, int peak, long correction) {
        return new ServiceMinuteRow(
                "",
                "orders",
                "GET /a",
                minute,
                count,
                0,
                count * 10.0,
                10.0,
                10.0,
                0,
                Map.of(100, count),
                peak,
                count * 10.0,
                new long[0],
                0,
                correction);
    }

    @Test
    void aBatchThatIsNotFullIsInsertedWhenItsIntervalEnds() {
        String topic = topic(1);
        String url = database("sink_time");
        TestClients.produceRows(bootstrap, topic, TestRows.rows("svc", T0, 7));

        ClickHouseSink sink =
                start(
                        settings(url, topic)
                                .batchRows(1_000)
                                .batchInterval(Duration.ofMillis(200))
                                .build());

        awaitStats(sink, st -> st.rowsInserted() == 7);
        assertThat(sink.stats().batchesInserted()).isEqualTo(1);
    }

    @Test
    void resumesAfterTheLastStoredRowWhenKafkaOffsetsWereNotCommitted() throws Exception {
        String topic = topic(2);
        String url = database("sink_resume");
        List<ServiceMinuteRow> first = TestRows.rows("a", T0, 40);
        first.addAll(TestRows.rows("b", T0, 40));
        TestClients.produceRows(bootstrap, topic, first);
        ClickHouseSinkSettings settings =
                settings(url, topic).batchRows(10).batchInterval(Duration.ofMillis(100)).build();
        ClickHouseSink sink = start(settings);
        awaitStats(sink, st -> st.rowsInserted() == 80);
        sink.close();
        // as if the sink had died after its inserts and before committing any offset
        try (Admin admin = TestClients.admin(bootstrap)) {
            admin.alterConsumerGroupOffsets(
                            settings.groupId(),
                            Map.of(
                                    new TopicPartition(topic, 0), new OffsetAndMetadata(0),
                                    new TopicPartition(topic, 1), new OffsetAndMetadata(0)))
                    .all()
                    .get();
        }
        List<ServiceMinuteRow> more = TestRows.rows("c", T0.plusSeconds(3600), 12);
        TestClients.produceRows(bootstrap, topic, more);

        ClickHouseSink restarted = start(settings);

        awaitStats(restarted, st -> st.rowsInserted() == 12);
        assertThat(queryLong(url, "SELECT count() FROM service_minute")).isEqualTo(92);
        assertThat(queryLong(url, "SELECT sum(count) FROM service_minute"))
                .isEqualTo(TestRows.sumOfCounts(first) + TestRows.sumOfCounts(more));
        assertThat(queryLong(url, "SELECT sum(count) FROM service_hour"))
                .isEqualTo(TestRows.sumOfCounts(first) + TestRows.sumOfCounts(more));
    }

    @Test
    void resumesAtTheCommittedOffsetWhenClickHouseHasNoRowsOfThePartition() {
        String topic = topic(1);
        String url = database("sink_expired");
        TestClients.produceRows(bootstrap, topic, TestRows.rows("svc", T0, 20));
        ClickHouseSinkSettings settings =
                settings(url, topic).batchRows(20).batchInterval(NEVER).build();
        ClickHouseSink sink = start(settings);
        awaitStats(sink, st -> st.rowsInserted() == 20);
        sink.close();
        execute(url, "TRUNCATE TABLE service_minute"); // as if every row had expired (TTL)
        TestClients.produceRows(bootstrap, topic, TestRows.rows("svc", T0.plusSeconds(7200), 5));

        ClickHouseSink restarted =
                start(settings.toBuilder().batchRows(5).batchInterval(NEVER).build());

        awaitStats(restarted, st -> st.rowsInserted() == 5);
        assertThat(
                        queryString(
                                url,
                                "SELECT toString(groupArray(source_offset)) FROM (SELECT"
                                    + " source_offset FROM service_minute ORDER BY source_offset)"))
                .isEqualTo(range(20, 25));
    }

    @Test
    void retriesWhileClickHouseRejectsInsertsAndStoresEachRowOnce() {
        String topic = topic(1);
        String url = database("sink_retry");
        List<ServiceMinuteRow> rows = TestRows.rows("svc", T0, 30);
        TestClients.produceRows(bootstrap, topic, rows);
        execute(url, "ALTER TABLE service_minute ADD CONSTRAINT closed CHECK 0");

        ClickHouseSink sink =
                start(settings(url, topic).batchRows(30).batchInterval(NEVER).build());
        awaitStats(sink, st -> st.insertFailures() >= 2);
        assertThat(sink.stats().rowsInserted()).isZero();
        execute(url, "ALTER TABLE service_minute DROP CONSTRAINT closed");

        awaitStats(sink, st -> st.rowsInserted() == 30);
        assertThat(queryLong(url, "SELECT count() FROM service_minute")).isEqualTo(30);
        assertThat(queryLong(url, "SELECT sum(count) FROM service_day"))
                .isEqualTo(TestRows.sumOfCounts(rows));
    }

    @Test
    void anInsertThatFailedAfterStoringItsRowsIsNotRepeated() {
        String topic = topic(1);
        String url = database("sink_lost_reply");
        List<ServiceMinuteRow> rows = TestRows.rows("svc", T0, 40);
        TestClients.produceRows(bootstrap, topic, rows);
        // a view that fails every insert after service_minute has stored the block: the sink
        // sees an error for rows that are in fact stored, as with a reply lost on the network
        execute(url, "CREATE TABLE boom (x UInt8) ENGINE = Null");
        execute(
                url,
                "CREATE MATERIALIZED VIEW boom_mv TO boom AS SELECT throwIf(count > 0,"
                        + " 'boom') AS x FROM service_minute");

        ClickHouseSink sink =
                start(settings(url, topic).batchRows(40).batchInterval(NEVER).build());
        await().atMost(AWAIT)
                .until(
                        () ->
                                sink.stats().insertFailures() >= 1
                                        && queryLong(url, "SELECT count() FROM service_minute")
                                                == 40);
        execute(url, "DROP VIEW boom_mv");

        awaitStats(sink, st -> st.rowsInserted() == 40);
        assertThat(sink.stats().batchesInserted()).isZero();
        assertThat(queryLong(url, "SELECT count() FROM service_minute")).isEqualTo(40);
    }

    @Test
    void skipsRecordsThatAreNotRowsAndCommitsPastThem() throws Exception {
        String topic = topic(1);
        String url = database("sink_skip");
        List<ServiceMinuteRow> rows = TestRows.rows("svc", T0, 2);
        TestClients.produceRows(bootstrap, topic, rows.subList(0, 1));
        try (KafkaProducer<String, byte[]> producer = TestClients.producer(bootstrap)) {
            producer.send(
                            new ProducerRecord<>(
                                    topic, "svc", "{\"v\":1}".getBytes(StandardCharsets.UTF_8)))
                    .get();
        }
        TestClients.produceRows(bootstrap, topic, rows.subList(1, 2));
        ClickHouseSinkSettings settings =
                settings(url, topic).batchRows(1).batchInterval(NEVER).build();

        ClickHouseSink sink = start(settings);

        awaitStats(sink, st -> st.rowsInserted() == 2);
        assertThat(sink.stats().recordsSkipped()).isEqualTo(1);
        try (Admin admin = TestClients.admin(bootstrap)) {
            await().atMost(AWAIT)
                    .until(
                            () ->
                                    admin.listConsumerGroupOffsets(settings.groupId())
                                                    .partitionsToOffsetAndMetadata()
                                                    .get()
                                                    .get(new TopicPartition(topic, 0))
                                                    .offset()
                                            == 3);
        }
    }

    @Test
    void appliesTheConfiguredTtlsOnlyWhereTheyDiffer() throws Exception {
        String url = clickhouse.createDatabase("sink_ttl");
        TableTtl ttl =
                new TableTtl(Duration.ofHours(36), Duration.ofDays(30), Duration.ofDays(365));
        try (Connection c = DriverManager.getConnection(url)) {
            ServiceMinuteTable table = new ServiceMinuteTable(c);

            assertThat(table.applyTtl(ttl))
                    .containsExactly("service_minute", "service_hour", "service_day");

            assertThat(table.ttl("service_minute"))
                    .contains(Map.entry("minute", Duration.ofHours(36)));
            assertThat(table.ttl("service_hour")).contains(Map.entry("hour", Duration.ofDays(30)));
            assertThat(table.ttl("service_day")).contains(Map.entry("day", Duration.ofDays(365)));
            assertThat(table.applyTtl(ttl)).isEmpty();
            assertThat(table.applyTtl(TableTtl.DEFAULTS)).hasSize(3);
            assertThat(table.ttl("service_day")).contains(Map.entry("day", Duration.ofDays(1825)));
        }
    }

    @Test
    void theDefaultTtlsAreThoseOfTheMigration() throws Exception {
        String url = clickhouse.createDatabase("sink_ttl_default");
        try (Connection c = DriverManager.getConnection(url)) {
            assertThat(new ServiceMinuteTable(c).applyTtl(TableTtl.DEFAULTS)).isEmpty();
        }
    }

    @Test
    void refusesToStartWithoutTheSchema() {
        String url = clickhouse.createEmptyDatabase("sink_noschema");
        ClickHouseSink sink = new ClickHouseSink(settings(url, topic(1)).build());

        assertThatThrownBy(sink::start)
                .isInstanceOf(SinkException.class)
                .hasMessageContaining("service_minute")
                .hasMessageContaining("migrations");
    }

    /** Waits for the condition; fails at once if the sink thread stopped. */
    private static void awaitStats(ClickHouseSink sink, Predicate<SinkStats> condition) {
        await().atMost(AWAIT)
                .until(
                        () -> {
                            if (!sink.isRunning()) {
                                throw new AssertionError("the sink stopped", sink.failure());
                            }
                            return condition.test(sink.stats());
                        });
    }

    /**
     * A fresh database whose minute table does not merge: the ReplacingMergeTree would otherwise
     * collapse a duplicated row on its own, and the tests would not see it.
     */
    private String database(String prefix) {
        String url = clickhouse.createDatabase(prefix);
        execute(url, "SYSTEM STOP MERGES service_minute");
        return url;
    }

    private ClickHouseSink start(ClickHouseSinkSettings settings) {
        ClickHouseSink sink = new ClickHouseSink(settings);
        sinks.add(sink);
        sink.start();
        return sink;
    }

    private ClickHouseSinkSettings.Builder settings(String url, String topic) {
        return ClickHouseSinkSettings.defaults(bootstrap, url).toBuilder()
                .topic(topic)
                .groupId("sink-" + topic)
                .maxRetryBackoff(Duration.ofMillis(500))
                .consumerOverrides(TestClients.FAST_GROUP);
    }

    private String topic(int partitions) {
        String topic = TestClients.uniqueTopic("rows");
        TestClients.createTopic(bootstrap, topic, partitions);
        return topic;
    }

    private static String range(int from, int to) {
        StringBuilder s = new StringBuilder("[");
        for (int i = from; i < to; i++) {
            s.append(i == from ? "" : ",").append(i);
        }
        return s.append("]").toString();
    }
}
