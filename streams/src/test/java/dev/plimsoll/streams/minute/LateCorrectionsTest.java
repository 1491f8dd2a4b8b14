package dev.plimsoll.streams.minute;

import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.core.users.UserIdHash;
import dev.plimsoll.streams.row.ServiceMinuteRow;

import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Late events are corrections (ADR 0011): an event 2 h behind stream time and one a day behind
 * change the emitted rows exactly as if they had been on time, and restarts of the task in between
 * change nothing.
 *
 * <p>The story, grace 2 min, idle closing off:
 *
 * <pre>
 *   on time   E0 day-before 12:00:05  50 ms   u1 ok        (orders, GET /a)
 *             A1 10:00:10            100 ms   u1 ok
 *             A2 10:00:20            300 ms   u2 error
 *             T1 12:00:40              1 ms   ok           (tick: stream time 12:00:40)
 *   late      L1 10:00:40            200 ms   u3 ok        2 h behind: a correction of 10:00
 *             L2 day-before 12:00:30  45 s    u2 error     a day behind: corrections of 12:00
 *                                                            and, in flight 15 s, of 12:01
 *             T2 12:06:00              1 ms   ok           (tick: writes what arrived in 12:00)
 * </pre>
 */
class LateCorrectionsTest extends TopologyTestBase {

    private static final Instant DAY = Instant.parse("2025-03-02T00:00:00Z");
    private static final Instant DAY_BEFORE_NOON = DAY.minus(Duration.ofHours(12));
    private static final Instant TEN = DAY.plus(Duration.ofHours(10));
    private static final Instant NOON = DAY.plus(Duration.ofHours(12));

    private static final RequestEvent E0 = ev(DAY_BEFORE_NOON.plusSeconds(5), 50, false, "u1");
    private static final RequestEvent A1 = ev(TEN.plusSeconds(10), 100, false, "u1");
    private static final RequestEvent A2 = ev(TEN.plusSeconds(20), 300, true, "u2");
    private static final RequestEvent T1 = ev(NOON.plusSeconds(40), 1, false, null);
    private static final RequestEvent L1 = ev(TEN.plusSeconds(40), 200, false, "u3");
    private static final RequestEvent L2 = ev(DAY_BEFORE_NOON.plusSeconds(30), 45_000, true, "u2");
    private static final RequestEvent T2 = ev(NOON.plusSeconds(360), 1, false, null);

    private static final List<RequestEvent> ON_TIME = List.of(E0, A1, A2, T1);
    private static final List<RequestEvent> LATE = List.of(L1, L2);

    /** The arrival minute of L1 and L2: the minute of stream time 12:00:40. */
    private static final long ARRIVAL = NOON.getEpochSecond();

    private static RequestEvent ev(Instant start, double ms, boolean error, String user) {
        long micros = start.getEpochSecond() * 1_000_000 + start.getNano() / 1_000;
        return new RequestEvent(
                "orders", "GET /a", micros, ms, error ? 500 : 200, error, user, null);
    }

    @Test
    void lateEventsChangeTheRowsExactlyAsIfOnTime() {
        startDriver(settings().idleCloseAfter(Duration.ZERO).build());
        ON_TIME.forEach(this::send);
        List<ServiceMinuteRow> first = rows.readValuesToList();
        // the on-time rows of the day before's 12:00 and of 10:00, once each
        assertThat(first).noneMatch(ServiceMinuteRow::isCorrection);
        assertThat(first)
                .extracting(ServiceMinuteRow::minute)
                .containsOnly(DAY_BEFORE_NOON, TEN)
                .hasSize(4);

        LATE.forEach(this::send);
        assertThat(metric("late-corrected-records-total")).isEqualTo(2.0);
        assertThat(rows.isEmpty())
                .as("a correction waits for its arrival minute to close")
                .isTrue();
        send(T2);
        List<ServiceMinuteRow> all = new ArrayList<>(first);
        all.addAll(rows.readValuesToList());
        send(ev(NOON.plus(Duration.ofHours(1)), 1, false, null)); // writes 12:00 and 12:06 too
        all.addAll(rows.readValuesToList());

        List<ServiceMinuteRow> corrections =
                all.stream().filter(ServiceMinuteRow::isCorrection).toList();
        assertThat(corrections).allSatisfy(r -> assertThat(r.correction()).isEqualTo(ARRIVAL));
        assertThat(corrections)
                .extracting(ServiceMinuteRow::minute)
                .containsOnly(TEN, DAY_BEFORE_NOON, DAY_BEFORE_NOON.plusSeconds(60))
                .hasSize(6); // whole-service and operation row of each
        // each corrected window's rows, each once: nothing was emitted twice
        assertThat(all)
                .extracting(r -> r.operation() + "|" + r.minute() + "|" + r.correction())
                .doesNotHaveDuplicates();

        // hand-computed, whole-service rows (the operation rows are the same events)
        Minute ten = Minute.of(all, "", TEN);
        assertThat(ten.count).isEqualTo(3);
        assertThat(ten.errors).isEqualTo(1);
        assertThat(ten.sumMs).isEqualTo(600.0);
        assertThat(ten.minMs).isEqualTo(100.0);
        assertThat(ten.maxMs).isEqualTo(300.0);
        assertThat(ten.inflightMs).isEqualTo(600.0);
        assertThat(ten.users).containsExactlyInAnyOrder(hash("u1"), hash("u2"), hash("u3"));
        assertThat(ten.rows).isEqualTo(2);
        // never overlapping: the true peak is 1; on-time part 1 + correction 1 is its bound
        assertThat(ten.peakSum).isEqualTo(2);

        Minute dayBefore = Minute.of(all, "", DAY_BEFORE_NOON);
        assertThat(dayBefore.count).isEqualTo(2);
        assertThat(dayBefore.errors).isEqualTo(1);
        assertThat(dayBefore.sumMs).isEqualTo(45_050.0);
        assertThat(dayBefore.minMs).isEqualTo(50.0);
        assertThat(dayBefore.maxMs).isEqualTo(45_000.0);
        assertThat(dayBefore.inflightMs).isEqualTo(30_050.0); // 50 ms + L2's 30 s in 12:00
        assertThat(dayBefore.users).containsExactlyInAnyOrder(hash("u1"), hash("u2"));

        Minute spill = Minute.of(all, "", DAY_BEFORE_NOON.plusSeconds(60));
        assertThat(spill.count).isZero();
        assertThat(spill.rows).as("only L2's in-flight slice: a correction row").isEqualTo(1);
        assertThat(spill.inflightMs).isEqualTo(15_000.0);
        assertThat(spill.peakSum).isEqualTo(1);

        // and, brute force, every merged row equals the row of a run where all came on time
        Map<String, Minute> late = merge(all);
        Map<String, Minute> onTime = merge(onTimeRun());
        assertThat(late.keySet()).isEqualTo(onTime.keySet());
        onTime.forEach((k, m) -> assertThat(late.get(k).sameAsIfOnTime(m)).as(k).isTrue());
        assertThat(onTime.get("|" + TEN).peakSum).isEqualTo(1);
    }

    /** The same events in event-time order, nothing late. */
    private List<ServiceMinuteRow> onTimeRun() {
        driver.close();
        startDriver(settings().idleCloseAfter(Duration.ZERO).build());
        List<RequestEvent> sorted = new ArrayList<>(ON_TIME);
        sorted.addAll(LATE);
        sorted.add(T2);
        sorted.sort(Comparator.comparingLong(RequestEvent::startMicros));
        sorted.forEach(this::send);
        send(ev(NOON.plus(Duration.ofHours(1)), 1, false, null));
        assertThat(metric("late-corrected-records-total")).isZero();
        return rows.readValuesToList();
    }

    /**
     * The same story on one task whose processor is replaced (a restart or a rebalance) after every
     * step, and whose uncommitted work is once thrown away and replayed (a crash): the same rows.
     */
    @Test
    void restartsAndReplaysInBetweenChangeNothing() {
        List<ServiceMinuteRow> straight = runOnTask(false);
        List<ServiceMinuteRow> restarted = runOnTask(true);
        assertThat(restarted).containsExactlyInAnyOrderElementsOf(straight);
        assertThat(straight.stream().filter(ServiceMinuteRow::isCorrection)).hasSize(6);
        assertThat(merge(straight).get("|" + TEN).count).isEqualTo(3);
    }

    private List<ServiceMinuteRow> runOnTask(boolean restarts) {
        TaskFixture task = TaskFixture.create();
        MockProcessorContext<String, ServiceMinuteRow> context = task.context();
        List<ServiceMinuteRow> out = new ArrayList<>();
        long[] streamTime = {Long.MIN_VALUE};
        ServiceMinuteProcessor[] p = {processor(context)};
        Runnable commitAndRestart =
                () -> {
                    task.hook().flushCache();
                    collect(context, out);
                    if (restarts) {
                        p[0].close();
                        p[0] = processor(context);
                    }
                };
        for (RequestEvent e : ON_TIME) {
            process(context, p[0], e, streamTime);
            commitAndRestart.run();
        }
        process(context, p[0], L1, streamTime);
        if (restarts) {
            // a crash before the commit: the task is reset to its store, Kafka delivers L1 again
            collect(context, new ArrayList<>());
            task.hook().clearCache();
            process(context, p[0], L1, streamTime);
        }
        commitAndRestart.run();
        process(context, p[0], L2, streamTime);
        commitAndRestart.run();
        process(context, p[0], T2, streamTime);
        commitAndRestart.run();
        p[0].close();
        return out;
    }

    private static ServiceMinuteProcessor processor(
            MockProcessorContext<String, ServiceMinuteRow> context) {
        ServiceMinuteProcessor p = new ServiceMinuteProcessor(120_000, 3_600_000, 0, 10_000);
        p.init(context);
        return p;
    }

    private static void process(
            MockProcessorContext<String, ServiceMinuteRow> context,
            ServiceMinuteProcessor processor,
            RequestEvent e,
            long[] streamTime) {
        long ms = Math.floorDiv(e.startMicros(), 1000);
        streamTime[0] = Math.max(streamTime[0], ms);
        context.setCurrentStreamTimeMs(streamTime[0]);
        processor.process(new Record<>(e.service(), e, ms));
    }

    private static void collect(
            MockProcessorContext<String, ServiceMinuteRow> context, List<ServiceMinuteRow> out) {
        context.forwarded().forEach(f -> out.add(f.record().value()));
        context.resetForwards();
    }

    private static long hash(String user) {
        return UserIdHash.hash(user);
    }

    /** A minute's rows added up the way readers add them (what a query returns for it). */
    record Minute(
            int rows,
            long count,
            long errors,
            double sumMs,
            double minMs,
            double maxMs,
            double inflightMs,
            long peakSum,
            Map<Integer, Long> buckets,
            List<Long> users) {

        static Minute of(List<ServiceMinuteRow> rows, String operation, Instant minute) {
            return merge(rows).get(operation + "|" + minute);
        }

        /** Everything but the peak, which only an on-time run knows exactly. */
        boolean sameAsIfOnTime(Minute other) {
            return count == other.count
                    && errors == other.errors
                    && sumMs == other.sumMs
                    && minMs == other.minMs
                    && maxMs == other.maxMs
                    && inflightMs == other.inflightMs
                    && buckets.equals(other.buckets)
                    && users.equals(other.users)
                    && peakSum >= other.peakSum;
        }
    }

    /** Operation|minute → its rows added up; for comparisons, as a map of comparable values. */
    private static Map<String, Minute> merge(List<ServiceMinuteRow> rows) {
        Map<String, List<ServiceMinuteRow>> byMinute = new TreeMap<>();
        for (ServiceMinuteRow r : rows) {
            if (r.tenant().isEmpty() && r.service().equals("orders")) {
                byMinute.computeIfAbsent(r.operation() + "|" + r.minute(), k -> new ArrayList<>())
                        .add(r);
            }
        }
        Map<String, Minute> merged = new TreeMap<>();
        byMinute.forEach(
                (k, list) -> {
                    Map<Integer, Long> buckets = new TreeMap<>();
                    List<Long> users = new ArrayList<>();
                    long count = 0;
                    long errors = 0;
                    long peak = 0;
                    double sum = 0;
                    double inflight = 0;
                    double min = Double.POSITIVE_INFINITY;
                    double max = 0;
                    for (ServiceMinuteRow r : list) {
                        count += r.count();
                        errors += r.errors();
                        sum += r.sumMs();
                        inflight += r.inflightMs();
                        min = Math.min(min, r.minMs());
                        max = Math.max(max, r.maxMs());
                        peak += r.peakInflight();
                        r.buckets().forEach((b, n) -> buckets.merge(b, n, Long::sum));
                        Arrays.stream(r.users()).forEach(users::add);
                    }
                    users.sort(Long::compare);
                    merged.put(
                            k,
                            new Minute(
                                    list.size(),
                                    count,
                                    errors,
                                    sum,
                                    min,
                                    max,
                                    inflight,
                                    peak,
                                    buckets,
                                    users));
                });
        return merged;
    }

    /** Seeded: many late events over many written minutes equal a brute-force on-time run. */
    @Test
    void shuffledLateBatchesEqualAnOnTimeRun() {
        Random random = new Random(13);
        List<RequestEvent> events = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            Instant start = TEN.plusMillis(random.nextInt(6 * 60_000));
            events.add(
                    new RequestEvent(
                            "orders",
                            "op" + random.nextInt(3),
                            start.getEpochSecond() * 1_000_000 + start.getNano() / 1_000,
                            Math.exp(random.nextGaussian() * 1.5 + 4),
                            random.nextInt(20) == 0 ? 503 : 200,
                            false,
                            "u" + random.nextInt(200),
                            null));
        }
        // live traffic moved stream time 2 h on; then the six minutes arrive shuffled, late
        startDriver(settings().idleCloseAfter(Duration.ZERO).build());
        send(ev(TEN.minusSeconds(30), 5, false, "u0"));
        send(ev(NOON, 5, false, "u0"));
        List<RequestEvent> shuffled = new ArrayList<>(events);
        java.util.Collections.shuffle(shuffled, random);
        shuffled.forEach(this::send);
        send(ev(NOON.plus(Duration.ofHours(1)), 5, false, "u0"));
        assertThat(metric("late-corrected-records-total")).isEqualTo(3_000.0);
        Map<String, Minute> late = merge(rows.readValuesToList());

        driver.close();
        startDriver(settings().idleCloseAfter(Duration.ZERO).build());
        List<RequestEvent> sorted = new ArrayList<>(events);
        sorted.add(ev(TEN.minusSeconds(30), 5, false, "u0"));
        sorted.add(ev(NOON, 5, false, "u0"));
        sorted.sort(Comparator.comparingLong(RequestEvent::startMicros));
        sorted.forEach(this::send);
        send(ev(NOON.plus(Duration.ofHours(1)), 5, false, "u0"));
        Map<String, Minute> onTime = merge(rows.readValuesToList());

        assertThat(late.keySet()).isEqualTo(onTime.keySet());
        Map<String, String> differences = new HashMap<>();
        onTime.forEach(
                (k, expected) -> {
                    Minute actual = late.get(k);
                    // sums may differ in the last bits (floating-point addition order)
                    Minute rounded =
                            new Minute(
                                    actual.rows,
                                    actual.count,
                                    actual.errors,
                                    close(actual.sumMs, expected.sumMs),
                                    actual.minMs,
                                    actual.maxMs,
                                    close(actual.inflightMs, expected.inflightMs),
                                    actual.peakSum,
                                    actual.buckets,
                                    actual.users);
                    if (!rounded.sameAsIfOnTime(expected)) {
                        differences.put(k, actual + " vs " + expected);
                    }
                });
        assertThat(differences).isEmpty();
        assertThat(late.values().stream().mapToLong(Minute::count).sum())
                .isEqualTo(onTime.values().stream().mapToLong(Minute::count).sum());
    }

    private static double close(double actual, double expected) {
        return Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected))
                ? expected
                : actual;
    }
}
