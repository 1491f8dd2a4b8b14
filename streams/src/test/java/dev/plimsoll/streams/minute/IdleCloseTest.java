package dev.plimsoll.streams.minute;

import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.streams.row.ServiceMinuteRow;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Idle partitions: when a task receives no record for {@code idleCloseAfter} (30 s here), its
 * event-time clock follows the wall clock from its value at the last record, so windows close.
 *
 * <p>With grace 2 min, the window of 10:00 closes when the clock reaches 10:03:00. After one event
 * at 10:00:05 and nothing else, that takes 175 s of wall-clock time.
 */
class IdleCloseTest extends TopologyTestBase {

    private static final Instant MINUTE_0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final Instant MINUTE_1 = MINUTE_0.plusSeconds(60);
    private static final Duration GRACE = Duration.ofMinutes(2);

    /** Wall clock of the test driver: unrelated to the event times (as in a backfill). */
    private static final Instant WALL_CLOCK = Instant.parse("2026-01-01T00:00:00Z");

    private void start(Duration idleCloseAfter) {
        startDriver(settings().grace(GRACE).idleCloseAfter(idleCloseAfter).build(), WALL_CLOCK);
    }

    @Test
    void anIdlePartitionClosesItsWindowsAsIfTimeHadKeptFlowing() {
        start(Duration.ofSeconds(30));
        send(event("orders", "op", MINUTE_0.plusSeconds(5), 10, false));

        driver.advanceWallClockTime(Duration.ofSeconds(25)); // not idle long enough
        assertThat(rows.isEmpty()).isTrue();
        assertThat(metric("idle-clock-advances-total")).isZero();

        driver.advanceWallClockTime(Duration.ofSeconds(145)); // 170 s idle: clock 10:02:55
        assertThat(rows.isEmpty()).isTrue();
        assertThat(metric("idle-clock-advances-total")).isEqualTo(1.0);

        driver.advanceWallClockTime(Duration.ofSeconds(5)); // 175 s idle: clock 10:03:00

        List<ServiceMinuteRow> out = rows.readValuesToList();
        assertThat(out).extracting(ServiceMinuteRow::operation).containsExactlyInAnyOrder("op", "");
        assertThat(out).allSatisfy(r -> assertThat(r.minute()).isEqualTo(MINUTE_0));
        assertThat(out).allSatisfy(r -> assertThat(r.count()).isEqualTo(1));
        // the store keeps the clock as the last decision instant it passed: 10:01 + grace
        assertThat(storedClock()).isEqualTo(MINUTE_0.plus(Duration.ofMinutes(3)));
        assertThat(store(ServiceMinuteTopology.AGGREGATES_STORE)).isZero();
    }

    @Test
    void aBusyPartitionIsNotAdvancedByTheWallClock() {
        start(Duration.ofSeconds(30));
        // A replayed backlog: records keep coming (every 20 s of wall-clock time) while event
        // time moves 1 s per record. 400 s of wall clock would have closed 10:00 if it counted.
        for (int i = 0; i < 20; i++) {
            send(event("orders", "op", MINUTE_0.plusSeconds(i), 10, false));
            driver.advanceWallClockTime(Duration.ofSeconds(20));
        }
        assertThat(rows.isEmpty()).isTrue();
        assertThat(metric("idle-clock-advances-total")).isZero();
        assertThat(storedClock()).isNull();

        send(event("orders", "op", MINUTE_0.plus(GRACE).plusSeconds(60), 10, false)); // 10:03
        assertThat(rows.readValuesToList())
                .filteredOn(r -> r.operation().equals("op"))
                .singleElement()
                .satisfies(r -> assertThat(r.count()).isEqualTo(20));
    }

    @Test
    void eventsBehindTheAdvancedClockBeyondGraceBecomeCorrections() {
        start(Duration.ofSeconds(30));
        send(event("orders", "op", MINUTE_0.plusSeconds(5), 10, false));
        driver.advanceWallClockTime(Duration.ofSeconds(175)); // clock 10:03:00: 10:00 closed
        assertThat(rows.readValuesToList()).hasSize(2);

        send(event("orders", "op", MINUTE_0.plusSeconds(30), 7, false)); // 10:00: written already
        send(event("orders", "op", MINUTE_1.plusSeconds(30), 10, false)); // 10:01: within grace

        assertThat(metric("late-corrected-records-total")).isEqualTo(1.0);
        assertThat(metric("late-accepted-records-total")).isEqualTo(1.0);
        // the clock goes on from 10:03:00 once the partition is idle again: 10:01 closes at 10:04,
        // and so does the minute 10:03 in which the correction of 10:00 arrived
        driver.advanceWallClockTime(Duration.ofSeconds(55));
        assertThat(rows.isEmpty()).isTrue();
        driver.advanceWallClockTime(Duration.ofSeconds(5));
        List<ServiceMinuteRow> out = rows.readValuesToList();
        assertThat(out).extracting(ServiceMinuteRow::operation).containsOnly("op", "");
        assertThat(out)
                .filteredOn(r -> !r.isCorrection())
                .hasSize(2)
                .allSatisfy(r -> assertThat(r.minute()).isEqualTo(MINUTE_1))
                .allSatisfy(r -> assertThat(r.count()).isEqualTo(1));
        assertThat(out)
                .filteredOn(ServiceMinuteRow::isCorrection)
                .hasSize(2)
                .allSatisfy(
                        r -> {
                            assertThat(r.minute()).isEqualTo(MINUTE_0);
                            assertThat(r.correction())
                                    .isEqualTo(MINUTE_0.plusSeconds(180).getEpochSecond());
                            assertThat(r.count()).isEqualTo(1);
                            assertThat(r.sumMs()).isEqualTo(7.0);
                        });
        assertThat(storedClock()).isEqualTo(MINUTE_0.plus(Duration.ofMinutes(4)));
        assertThat(store(ServiceMinuteTopology.AGGREGATES_STORE)).isZero();
    }

    /**
     * With a grace period that is not whole minutes (30 s), windows close at :30 and corrections at
     * :00. The stored clock is rounded down to the last of either: a task restarted after a
     * correction was written in an idle advance puts the next late event into a new correction,
     * never into one with the identity of a correction already written (which FINAL would collapse
     * with it).
     */
    @Test
    void aRestartedTaskNeverReusesTheIdentityOfAWrittenCorrection() {
        TaskFixture task = TaskFixture.create();
        MockProcessorContext<String, ServiceMinuteRow> context = task.context();
        long wall = WALL_CLOCK.toEpochMilli();
        context.setCurrentSystemTimeMs(wall);
        ServiceMinuteProcessor first =
                new ServiceMinuteProcessor(30_000, 3_600_000, 30_000, 10_000);
        first.init(context);
        process(context, first, MINUTE_0.plusSeconds(310)); // clock 10:05:10
        // late: a correction arrived in 10:05 (stream time stays at 10:05:10)
        first.process(
                new Record<>(
                        "orders",
                        event("orders", "op", MINUTE_0.plusSeconds(5), 10, false),
                        MINUTE_0.plusSeconds(5).toEpochMilli()));
        punctuate(context, wall + 60_000); // idle 60 s: clock 10:06:10, the correction is due
        assertThat(context.forwarded())
                .extracting(f -> f.record().value())
                .filteredOn(ServiceMinuteRow::isCorrection)
                .extracting(ServiceMinuteRow::correction)
                .containsOnly(MINUTE_0.plusSeconds(300).getEpochSecond());
        task.hook().flushCache();
        assertThat(ByteBuffer.wrap(task.clock().get(Bytes.wrap(new byte[] {'c'}))).getLong())
                .as("10:06:00, a minute's end; the last window closing was 10:05:30")
                .isEqualTo(MINUTE_0.plusSeconds(360).toEpochMilli() * 1000);
        first.close();
        context.resetForwards();

        // restarted: Kafka Streams' stream time is 10:05:10 again, the stored clock 10:06:00
        ServiceMinuteProcessor second =
                new ServiceMinuteProcessor(30_000, 3_600_000, 30_000, 10_000);
        second.init(context);
        context.setCurrentStreamTimeMs(MINUTE_0.plusSeconds(310).toEpochMilli());
        second.process(
                new Record<>(
                        "orders",
                        event("orders", "op", MINUTE_0.plusSeconds(6), 10, false),
                        MINUTE_0.plusSeconds(6).toEpochMilli()));
        second.process(
                new Record<>(
                        "orders",
                        event("orders", "op", MINUTE_0.plusSeconds(480), 10, false),
                        MINUTE_0.plusSeconds(480).toEpochMilli()));
        context.setCurrentStreamTimeMs(MINUTE_0.plusSeconds(480).toEpochMilli());
        second.process(
                new Record<>(
                        "orders",
                        event("orders", "op", MINUTE_0.plusSeconds(481), 10, false),
                        MINUTE_0.plusSeconds(481).toEpochMilli()));
        assertThat(context.forwarded())
                .extracting(f -> f.record().value())
                .filteredOn(ServiceMinuteRow::isCorrection)
                .extracting(ServiceMinuteRow::correction)
                .containsOnly(MINUTE_0.plusSeconds(360).getEpochSecond())
                .hasSize(2);
    }

    @Test
    void zeroDisablesIdleClosing() {
        start(Duration.ZERO);
        send(event("orders", "op", MINUTE_0.plusSeconds(5), 10, false));

        driver.advanceWallClockTime(Duration.ofHours(1));

        assertThat(rows.isEmpty()).isTrue();
        assertThat(storedClock()).isNull();
    }

    /**
     * A new processor instance over the stores of a task whose clock was advanced (a restart or a
     * rebalance): it neither re-opens nor re-emits a closed window — its events become a correction
     * — although Kafka Streams' own stream time (restored from the committed offsets) is behind.
     */
    @Test
    void theAdvancedClockSurvivesARestartOfTheTask() {
        TaskFixture task = TaskFixture.create();
        MockProcessorContext<String, ServiceMinuteRow> context = task.context();
        KeyValueStore<Bytes, byte[]> aggregates = task.aggregates();
        KeyValueStore<Bytes, byte[]> clock = task.clock();
        CommitHookStore hook = task.hook();
        long wall = WALL_CLOCK.toEpochMilli();
        context.setCurrentSystemTimeMs(wall);

        ServiceMinuteProcessor first =
                new ServiceMinuteProcessor(GRACE.toMillis(), 3_600_000, 30_000, 10_000);
        first.init(context);
        process(context, first, MINUTE_0.plusSeconds(5));
        punctuate(context, wall + 175_000); // clock 10:03:00
        assertThat(context.forwarded()).hasSize(2);
        hook.flushCache();
        first.close();
        context.resetForwards();

        // Restart: stream time is that of the last record, 10:00:05; the wall clock went on.
        ServiceMinuteProcessor second =
                new ServiceMinuteProcessor(GRACE.toMillis(), 3_600_000, 30_000, 10_000);
        context.setCurrentSystemTimeMs(wall + 600_000);
        second.init(context);
        process(context, second, MINUTE_0.plusSeconds(50)); // 10:00: closed, a correction
        process(context, second, MINUTE_1.plusSeconds(30)); // 10:01: within grace of 10:03
        hook.flushCache();

        assertThat(context.forwarded()).isEmpty();
        assertThat(clock.approximateNumEntries()).isEqualTo(1);
        assertThat(aggregates.approximateNumEntries())
                .as("10:01's rows, and a correction of 10:00's (arrived in 10:03, not 10:00's own)")
                .isEqualTo(4);
        // idle again: from 10:03:00, 10:01 closes at 10:04:00, 60 s after the last record, and
        // the correction of 10:00 (arrived in 10:03) is written at the same instant
        punctuate(context, wall + 659_000);
        assertThat(context.forwarded()).isEmpty();
        punctuate(context, wall + 660_000);
        List<ServiceMinuteRow> out =
                context.forwarded().stream()
                        .map(f -> (ServiceMinuteRow) f.record().value())
                        .toList();
        assertThat(out)
                .filteredOn(r -> !r.isCorrection())
                .allSatisfy(r -> assertThat(r.minute()).isEqualTo(MINUTE_1))
                .allSatisfy(r -> assertThat(r.count()).isEqualTo(1))
                .hasSize(2);
        assertThat(out)
                .filteredOn(ServiceMinuteRow::isCorrection)
                .allSatisfy(r -> assertThat(r.minute()).isEqualTo(MINUTE_0))
                .allSatisfy(
                        r -> assertThat(r.correction()).isEqualTo(MINUTE_0.getEpochSecond() + 180))
                .allSatisfy(r -> assertThat(r.count()).isEqualTo(1))
                .hasSize(2);
    }

    private static void process(
            MockProcessorContext<String, ServiceMinuteRow> context,
            ServiceMinuteProcessor processor,
            Instant start) {
        RequestEvent e = event("orders", "op", start, 10, false);
        long ms = Math.floorDiv(e.startMicros(), 1000);
        context.setCurrentStreamTimeMs(ms);
        processor.process(new Record<>("orders", e, ms));
    }

    /** Fires the punctuator of the processor initialized last. */
    private static void punctuate(
            MockProcessorContext<String, ServiceMinuteRow> context, long wallClockMs) {
        context.setCurrentSystemTimeMs(wallClockMs);
        List<MockProcessorContext.CapturedPunctuator> scheduled = context.scheduledPunctuators();
        scheduled.get(scheduled.size() - 1).getPunctuator().punctuate(wallClockMs);
    }

    private Instant storedClock() {
        KeyValueStore<Bytes, byte[]> clock =
                driver.getKeyValueStore(ServiceMinuteTopology.CLOCK_STORE);
        byte[] value = clock.get(Bytes.wrap(new byte[] {'c'}));
        return value == null
                ? null
                : Instant.ofEpochSecond(0, ByteBuffer.wrap(value).getLong() * 1000);
    }

    private long store(String name) {
        return driver.<Bytes, byte[]>getKeyValueStore(name).approximateNumEntries();
    }
}
