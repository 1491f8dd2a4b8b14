package dev.plimsoll.streams.minute;

import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.infra.testing.CapturedLogs;
import dev.plimsoll.streams.StreamsSettings;
import dev.plimsoll.streams.row.ServiceMinuteRow;
import dev.plimsoll.streams.testing.TestRows;

import ch.qos.logback.classic.Level;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Events dated ahead of the time they reached Kafka (a sender with a wrong clock): they may move
 * the task's clock at most {@code maxClockSkew} (10 s here) past that time, are aggregated into
 * their own minute, which is written when the clock gets there, and are counted and logged (ADR
 * 0010).
 *
 * <p>Grace 2 min: the window of 10:00 closes when the clock reaches 10:03:00. The wall clock of the
 * driver and of the timestamp extractor move together; events are sent with the record timestamp of
 * the moment they are piped ("reached Kafka"), as ingest's producer stamps them.
 */
class FutureEventsTest extends TopologyTestBase {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration GRACE = Duration.ofMinutes(2);
    private static final Duration SKEW = Duration.ofSeconds(10);
    private static final Duration THREE_HOURS = Duration.ofHours(3);
    private final AtomicLong wall = new AtomicLong();

    private void start(Instant wallClock, Duration idleCloseAfter) {
        StreamsSettings settings =
                settings().grace(GRACE).idleCloseAfter(idleCloseAfter).maxClockSkew(SKEW).build();
        wall.set(wallClock.toEpochMilli());
        startDriver(settings, wall::get, wallClock);
    }

    @Test
    void anEventHoursAheadDoesNotMakeTheNextEventsLate() {
        start(T0, Duration.ZERO);
        sendAt(T0.plusSeconds(6), event("orders", "op", T0.plusSeconds(5), 10, false));
        // a client whose clock is 3 h ahead: without the bound, the clock would jump to 13:00:10,
        // close 10:00 with one event and drop everything below as late
        sendAt(
                T0.plusSeconds(8),
                event("orders", "op", T0.plus(THREE_HOURS).plusSeconds(10), 42, false));
        sendAt(T0.plusSeconds(31), event("search", "GET /", T0.plusSeconds(30), 3, false));
        sendAt(T0.plusSeconds(71), event("orders", "op", T0.plusSeconds(70), 20, false));
        sendAt(T0.plusSeconds(179), event("orders", "op", T0.plusSeconds(178), 1, false));
        assertThat(rows.isEmpty()).as("nothing closes before 10:03:00").isTrue();

        sendAt(T0.plusSeconds(181), event("orders", "op", T0.plusSeconds(180), 1, false));

        assertThat(describe(rows.readValuesToList()))
                .containsExactlyInAnyOrder(
                        T0 + "|orders|op|1|10.0",
                        T0 + "|orders||1|10.0",
                        T0 + "|search|GET /|1|3.0",
                        T0 + "|search||1|3.0");
        assertThat(metric("late-corrected-records-total")).isZero();
        assertThat(metric("late-accepted-records-total")).isZero();
        assertThat(metric("future-records-total")).isEqualTo(1.0);
    }

    @Test
    void theFutureEventIsWrittenInItsOwnMinuteWhenTheClockGetsThere() {
        start(T0, Duration.ZERO);
        Instant future = T0.plus(THREE_HOURS);
        try (CapturedLogs logs = new CapturedLogs(ServiceMinuteProcessor.class)) {
            sendAt(T0.plusSeconds(8), event("orders", "op", future.plusSeconds(10), 42, false));
            List<String> warnings = logs.messages(Level.WARN);
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0))
                    .contains("Service 'orders'")
                    .contains("dated " + future.plusSeconds(10))
                    .contains("3h 0m 2s after it reached Kafka (" + T0.plusSeconds(8) + ")")
                    .contains("operation 'op'")
                    .contains("offset 0");
        }
        // its window is kept (chunks in the store) while the clock is hours behind it
        assertThat(aggregateChunks()).as("the future minute's two rows").isEqualTo(2);
        sendAt(T0.plusSeconds(190), event("orders", "op", T0.plusSeconds(189), 1, false));
        assertThat(rows.isEmpty()).isTrue();

        // three hours later the clock gets there: a real event of that minute joins it
        sendAt(future.plusSeconds(30), event("orders", "op", future.plusSeconds(25), 8, false));
        sendAt(future.plusSeconds(179), event("orders", "op", future.plusSeconds(178), 1, false));
        assertThat(describe(rows.readValuesToList())).noneMatch(r -> r.startsWith(future + "|"));
        sendAt(future.plusSeconds(181), event("orders", "op", future.plusSeconds(180), 1, false));

        List<ServiceMinuteRow> out =
                rows.readValuesToList().stream().filter(r -> r.minute().equals(future)).toList();
        assertThat(describe(out))
                .containsExactlyInAnyOrder(
                        future + "|orders|op|2|50.0", future + "|orders||2|50.0");
        assertThat(out)
                .allSatisfy(r -> assertThat(r.minMs()).isEqualTo(8.0))
                .allSatisfy(r -> assertThat(r.maxMs()).isEqualTo(42.0));
        assertThat(metric("future-records-total")).isEqualTo(1.0);
        assertThat(metric("late-corrected-records-total")).isZero();
    }

    @Test
    void anEventAheadByAtMostTheSkewMovesTheClockAsBefore() {
        start(T0, Duration.ZERO);
        sendAt(T0.plusSeconds(6), event("orders", "op", T0.plusSeconds(5), 10, false));
        // 10.001 s ahead of the time it reached Kafka: held at 10:02:59.999, 10:00 stays open
        sendAt(
                T0.plusSeconds(170).minusMillis(1),
                event("orders", "op", T0.plusSeconds(180), 1, false));
        assertThat(rows.isEmpty()).isTrue();
        assertThat(metric("future-records-total")).isEqualTo(1.0);

        // exactly 10 s ahead: not held, the clock moves to its start (10:03:00) and 10:00 closes
        sendAt(T0.plusSeconds(170), event("orders", "op", T0.plusSeconds(180), 1, false));

        assertThat(describe(rows.readValuesToList()))
                .containsExactlyInAnyOrder(T0 + "|orders|op|1|10.0", T0 + "|orders||1|10.0");
        assertThat(metric("future-records-total")).isEqualTo(1.0);
    }

    @Test
    void aRecordTimestampAheadOfTheJobsWallClockIsBoundedByTheWallClock() {
        start(T0, Duration.ZERO);
        sendAt(T0.plusSeconds(6), event("orders", "op", T0.plusSeconds(5), 10, false));
        // a direct producer with the same wrong clock stamps the record 3 h ahead too
        Instant ahead = T0.plus(THREE_HOURS);
        advanceTo(T0.plusSeconds(8));
        requests.pipeInput("orders", event("orders", "op", ahead.plusSeconds(10), 1, false), ahead);
        sendAt(T0.plusSeconds(31), event("orders", "op", T0.plusSeconds(30), 20, false));
        sendAt(T0.plusSeconds(181), event("orders", "op", T0.plusSeconds(180), 1, false));

        assertThat(describe(rows.readValuesToList()))
                .containsExactlyInAnyOrder(T0 + "|orders|op|2|30.0", T0 + "|orders||2|30.0");
        assertThat(metric("future-records-total")).isEqualTo(1.0);
        assertThat(metric("late-corrected-records-total")).isZero();
    }

    @Test
    void futureEventsAreLoggedOncePerServiceAndMinute() {
        start(T0, Duration.ZERO);
        Instant future = T0.plus(THREE_HOURS);
        try (CapturedLogs logs = new CapturedLogs(ServiceMinuteProcessor.class)) {
            sendAt(T0.plusSeconds(1), event("orders", "op", future, 1, false));
            sendAt(T0.plusSeconds(2), event("orders", "other", future, 1, false));
            sendAt(T0.plusSeconds(3), event("search", "op", future, 1, false));
            sendAt(T0.plusSeconds(60), event("orders", "op", future, 1, false)); // 59 s later
            assertThat(logs.messages(Level.WARN))
                    .hasSize(2)
                    .anySatisfy(m -> assertThat(m).contains("Service 'orders'"))
                    .anySatisfy(m -> assertThat(m).contains("Service 'search'"));

            sendAt(T0.plusSeconds(61), event("orders", "op", future, 1, false)); // 60 s later
            assertThat(logs.messages(Level.WARN)).hasSize(3);
        }
        assertThat(metric("future-records-total")).isEqualTo(5.0);
    }

    /**
     * Idle closing goes on with a future window open: the idle clock moves with the wall clock and
     * never further ahead of it than the skew; it closes 10:00 at 10:02:50 of wall-clock time (the
     * last record, held at 10:00:18, left the clock 10 s ahead) and the future minute when the wall
     * clock is 10 s before its closing instant.
     */
    @Test
    void idleClosingStillClosesEveryWindowIncludingTheFutureOne() {
        start(T0, Duration.ofSeconds(30)); // checks every 5 s from 10:00:05
        sendAt(T0.plusSeconds(6), event("orders", "op", T0.plusSeconds(5), 10, false));
        Instant future = T0.plus(THREE_HOURS);
        sendAt(T0.plusSeconds(8), event("orders", "op", future.plusSeconds(10), 42, false));

        advanceTo(T0.plusSeconds(165)); // clock 10:02:55
        assertThat(rows.isEmpty()).isTrue();
        advanceTo(T0.plusSeconds(170)); // clock 10:03:00
        assertThat(describe(rows.readValuesToList()))
                .containsExactlyInAnyOrder(T0 + "|orders|op|1|10.0", T0 + "|orders||1|10.0");

        advanceTo(future.plusSeconds(165)); // clock 13:02:55
        assertThat(rows.isEmpty()).isTrue();
        advanceTo(future.plusSeconds(170)); // clock 13:03:00
        assertThat(describe(rows.readValuesToList()))
                .containsExactlyInAnyOrder(
                        future + "|orders|op|1|42.0", future + "|orders||1|42.0");
        assertThat(aggregateChunks()).isZero();
    }

    /**
     * The bound is taken from the record timestamps, which are part of the input: the same records
     * replayed a week later (a new application id, or a restore from the topic) give the same rows.
     * A bound by the job's wall clock alone would not hold the future event back in the replay.
     */
    @Test
    void aReplayAWeekLaterDecidesExactlyAsTheFirstRun() {
        List<String> first = runScenario(Duration.ZERO);
        stop();
        List<String> replay = runScenario(Duration.ofDays(7));

        assertThat(first)
                .containsExactlyInAnyOrder(
                        T0 + "|orders|op|2|30.0",
                        T0 + "|orders||2|30.0",
                        T0.plusSeconds(60) + "|orders|op|1|5.0",
                        T0.plusSeconds(60) + "|orders||1|5.0");
        assertThat(replay).isEqualTo(first);
    }

    private List<String> runScenario(Duration wallClockLag) {
        start(T0.plus(wallClockLag), Duration.ZERO);
        List<RequestEvent> events =
                List.of(
                        event("orders", "op", T0.plusSeconds(5), 10, false),
                        event("orders", "op", T0.plus(THREE_HOURS), 42, false),
                        event("orders", "op", T0.plusSeconds(30), 20, false),
                        event("orders", "op", T0.plusSeconds(90), 5, false),
                        event("orders", "op", T0.plusSeconds(240), 1, false));
        for (RequestEvent e : events) {
            Instant start = Instant.ofEpochMilli(Math.floorDiv(e.startMicros(), 1000));
            Instant reached =
                    (start.isAfter(T0.plusSeconds(300)) ? T0.plusSeconds(6) : start).plusSeconds(1);
            wall.set(reached.plus(wallClockLag).toEpochMilli()); // the extractor's clock (no idle)
            requests.pipeInput(e.service(), e, reached);
        }
        assertThat(metric("future-records-total")).isEqualTo(1.0);
        return describe(rows.readValuesToList());
    }

    /**
     * A new processor over the stores of a task that holds a future minute (a restart or a
     * rebalance): it re-indexes that minute, accepts on-time events (Kafka Streams restores the
     * bounded stream time it committed) and writes the minute once, when the clock gets there.
     */
    @Test
    void aRestartedTaskKeepsTheFutureMinuteAndWritesItOnce() {
        TaskFixture task = TaskFixture.create();
        MockProcessorContext<String, ServiceMinuteRow> context = task.context();
        KeyValueStore<Bytes, byte[]> aggregates = task.aggregates();
        CommitHookStore hook = task.hook();
        context.setCurrentSystemTimeMs(T0.toEpochMilli());
        context.setCurrentStreamTimeMs(0);
        Instant future = T0.plus(THREE_HOURS);

        ServiceMinuteProcessor first = processor();
        first.init(context);
        process(context, first, T0.plusSeconds(5), T0.plusSeconds(5));
        // held by the extractor at the time it reached Kafka + 10 s
        process(context, first, future.plusSeconds(10), T0.plusSeconds(18));
        hook.flushCache(); // the commit
        first.close();
        assertThat(aggregates.approximateNumEntries()).isEqualTo(4);

        ServiceMinuteProcessor second = processor();
        second.init(context);
        process(context, second, T0.plusSeconds(40), T0.plusSeconds(40));
        process(context, second, T0.plusSeconds(180), T0.plusSeconds(180)); // closes 10:00
        assertThat(context.forwarded())
                .extracting(f -> f.record().value())
                .extracting(r -> r.minute() + "|" + r.operation() + "|" + r.count())
                .containsExactlyInAnyOrder(T0 + "|op|2", T0 + "||2");
        context.resetForwards();

        process(context, second, future.plusSeconds(179), future.plusSeconds(179));
        assertThat(context.forwarded())
                .extracting(f -> f.record().value().minute())
                .doesNotContain(future);
        context.resetForwards();
        process(context, second, future.plusSeconds(180), future.plusSeconds(180));
        assertThat(context.forwarded())
                .extracting(f -> f.record().value())
                .filteredOn(r -> r.minute().equals(future))
                .extracting(r -> r.minute() + "|" + r.operation() + "|" + r.count())
                .containsExactlyInAnyOrder(future + "|op|1", future + "||1");
        hook.flushCache();
        second.close();
    }

    /**
     * A task whose clock an event pushed hours ahead before the bound existed (restored as stream
     * time): it keeps that clock — lowering it could accept events of windows already written — but
     * idle advances do not carry it further ahead, so it is caught up by the wall clock.
     */
    @Test
    void aClockAlreadyAheadIsNotCarriedFurtherByIdleAdvances() {
        TaskFixture task = TaskFixture.create();
        MockProcessorContext<String, ServiceMinuteRow> context = task.context();
        KeyValueStore<Bytes, byte[]> clock = task.clock();
        context.setCurrentSystemTimeMs(T0.toEpochMilli());
        context.setCurrentStreamTimeMs(T0.plus(THREE_HOURS).toEpochMilli());
        ServiceMinuteProcessor processor =
                new ServiceMinuteProcessor(GRACE.toMillis(), 3_600_000, 30_000, SKEW.toMillis());
        processor.init(context);
        MockProcessorContext.CapturedPunctuator check = context.scheduledPunctuators().get(0);

        for (long s = 5; s <= 600; s += 5) {
            context.setCurrentSystemTimeMs(T0.plusSeconds(s).toEpochMilli());
            check.getPunctuator().punctuate(T0.plusSeconds(s).toEpochMilli());
        }

        assertThat(clock.approximateNumEntries()).as("no advanced clock stored").isZero();
        processor.close();
    }

    @Test
    void theExtractorBoundsEventTimeByTheRecordTimestampAndTheWallClock() {
        long wallMs = T0.plusSeconds(60).toEpochMilli();
        RequestStartTimestampExtractor extractor =
                new RequestStartTimestampExtractor(SKEW.toMillis(), () -> wallMs);
        long start = wallMs;
        RequestEvent e = event("orders", "op", Instant.ofEpochMilli(start), 1, false);
        long aheadStart = wallMs + 3_600_000;
        RequestEvent ahead = event("orders", "op", Instant.ofEpochMilli(aheadStart), 1, false);

        assertThat(extractor.extract(record(e, start - 10_000), -1)).isEqualTo(start);
        assertThat(extractor.extract(record(e, start - 10_001), -1)).isEqualTo(start - 1);
        assertThat(extractor.extract(record(ahead, start), -1)).isEqualTo(wallMs + 10_000);
        // a record stamped by a producer whose clock is as far ahead: the job's wall clock + 10 s
        assertThat(extractor.extract(record(ahead, aheadStart), -1)).isEqualTo(wallMs + 10_000);
        // no record timestamp: the wall clock
        assertThat(extractor.extract(record(ahead, -1), -1)).isEqualTo(wallMs + 10_000);
        assertThat(extractor.extract(record("not an event", start), -1)).isEqualTo(-1);
        assertThat(RequestStartTimestampExtractor.isBounded(start - 1, e)).isTrue();
        assertThat(RequestStartTimestampExtractor.isBounded(start, e)).isFalse();
    }

    @Test
    void aSkewNotShorterThanTheGraceIsRefusedWhenTheTopologyIsBuilt() {
        StreamsSettings s =
                settings()
                        .grace(Duration.ofSeconds(30))
                        .maxClockSkew(Duration.ofSeconds(30))
                        .build();
        assertThatThrownBy(() -> ServiceMinuteTopology.buildTopology(s))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plimsoll.streams.max-clock-skew (PT30S)")
                .hasMessageContaining("plimsoll.streams.grace (PT30S)");
        assertThatThrownBy(() -> s.toBuilder().maxClockSkew(Duration.ofSeconds(-1)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxClockSkew must be >= 0");
        // the defaults, the embedded grace (30 s), and 0 with no grace are consistent
        ServiceMinuteTopology.buildTopology(settings().build());
        ServiceMinuteTopology.buildTopology(
                s.toBuilder().maxClockSkew(StreamsSettings.DEFAULT_MAX_CLOCK_SKEW).build());
        ServiceMinuteTopology.buildTopology(
                s.toBuilder().grace(Duration.ZERO).maxClockSkew(Duration.ZERO).build());
        assertThat(StreamsSettings.DEFAULT_MAX_CLOCK_SKEW).isEqualTo(Duration.ofSeconds(10));
    }

    private ServiceMinuteProcessor processor() {
        return new ServiceMinuteProcessor(GRACE.toMillis(), 3_600_000, 0, SKEW.toMillis());
    }

    /** A record as Kafka Streams hands it over: its timestamp is the extractor's. */
    private static void process(
            MockProcessorContext<String, ServiceMinuteRow> context,
            ServiceMinuteProcessor processor,
            Instant start,
            Instant extracted) {
        RequestEvent e = event("orders", "op", start, 10, false);
        long ms = extracted.toEpochMilli();
        context.setCurrentStreamTimeMs(Math.max(context.currentStreamTimeMs(), ms));
        processor.process(new Record<>("orders", e, ms));
    }

    private static ConsumerRecord<Object, Object> record(Object value, long timestamp) {
        return new ConsumerRecord<>(
                "requests",
                0,
                0L,
                timestamp,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME,
                0,
                0,
                "orders",
                value,
                new org.apache.kafka.common.header.internals.RecordHeaders(),
                java.util.Optional.empty());
    }

    private static List<String> describe(List<ServiceMinuteRow> out) {
        return out.stream().map(TestRows::describe).toList();
    }

    /** Moves the wall clock to {@code at} and pipes the event, stamped as reaching Kafka then. */
    private void sendAt(Instant at, RequestEvent e) {
        advanceTo(at);
        requests.pipeInput(e.service(), e, at);
    }

    private void advanceTo(Instant at) {
        long step = at.toEpochMilli() - wall.get();
        assertThat(step).as("the wall clock only moves forward").isGreaterThanOrEqualTo(0);
        wall.set(at.toEpochMilli());
        driver.advanceWallClockTime(Duration.ofMillis(step));
    }

    private long aggregateChunks() {
        return driver.<Bytes, byte[]>getKeyValueStore(ServiceMinuteTopology.AGGREGATES_STORE)
                .approximateNumEntries();
    }
}
