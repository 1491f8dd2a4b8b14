package dev.plimsoll.streams.minute;

import dev.plimsoll.core.aggregate.ServiceMinuteKey;
import dev.plimsoll.core.latency.LatencyHistogram;
import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.core.users.UserIdHash;
import dev.plimsoll.streams.StreamsSettings;
import dev.plimsoll.streams.row.ServiceMinuteRow;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The topology on {@link TopologyTestDriver}: windowing by event time, grace, late corrections. */
class ServiceMinuteTopologyTest extends TopologyTestBase {

    private static final Instant MINUTE_0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final Instant MINUTE_1 = MINUTE_0.plus(Duration.ofMinutes(1));
    private static final Instant MINUTE_2 = MINUTE_0.plus(Duration.ofMinutes(2));
    private static final Duration GRACE = Duration.ofMinutes(2);

    /** The first instant at which the window of MINUTE_0 is closed: its end plus grace. */
    private static final Instant MINUTE_0_CLOSES = MINUTE_1.plus(GRACE);

    private static final Duration TEN_SECONDS_LATER = Duration.ofSeconds(10);
    private static final Duration ONE_MINUTE_LATER = Duration.ofMinutes(1);

    @BeforeEach
    void start() {
        startDriver(settings().grace(GRACE).build());
    }

    @Test
    void windowIsEmittedOnlyWhenStreamTimePassesItsEndPlusGrace() {
        send(event("orders", "GET /a", MINUTE_0.plusSeconds(5), 10, false));
        send(event("orders", "GET /a", MINUTE_0.plusSeconds(30), 30, true));
        send(event("orders", "GET /a", MINUTE_0_CLOSES.minusMillis(1), 1, false));
        assertThat(rows.isEmpty()).isTrue();

        send(event("orders", "GET /a", MINUTE_0_CLOSES, 1, false));

        List<KeyValue<String, ServiceMinuteRow>> out = rows.readKeyValuesToList();
        assertThat(out).extracting(kv -> kv.key).containsOnly("orders");
        Map<String, ServiceMinuteRow> byOperation = byOperation(out);
        assertThat(byOperation).containsOnlyKeys("GET /a", "");
        for (ServiceMinuteRow row : byOperation.values()) {
            assertThat(row.tenant()).isEmpty();
            assertThat(row.minute()).isEqualTo(MINUTE_0);
            assertThat(row.count()).isEqualTo(2);
            assertThat(row.errors()).isEqualTo(1);
            assertThat(row.sumMs()).isEqualTo(40.0);
            assertThat(row.minMs()).isEqualTo(10.0);
            assertThat(row.maxMs()).isEqualTo(30.0);
        }
    }

    @Test
    void lateEventWithinGraceCountsInItsWindowAndInTheMetric() {
        send(event("orders", "op", MINUTE_0.plusSeconds(1), 5, false));
        send(event("orders", "op", MINUTE_2.plusSeconds(30), 5, false)); // stream time 10:02:30
        send(event("orders", "op", MINUTE_0.plusSeconds(59), 7, false)); // window ended, in grace

        assertThat(metric("late-accepted-records-total")).isEqualTo(1.0);
        assertThat(metric("late-corrected-records-total")).isEqualTo(0.0);

        send(event("orders", "op", MINUTE_0_CLOSES, 1, false));
        ServiceMinuteRow minute0 = byOperation(rows.readKeyValuesToList()).get("op");
        assertThat(minute0.count()).isEqualTo(2);
        assertThat(minute0.sumMs()).isEqualTo(12.0);
    }

    @Test
    void eventBeyondGraceIsACorrectionOfItsWrittenMinute() {
        send(event("orders", "op", MINUTE_0.plusSeconds(1), 5, false));
        send(event("orders", "op", MINUTE_0_CLOSES, 5, false)); // closes MINUTE_0, clock 10:03
        assertThat(byOperation(rows.readKeyValuesToList()).get("op").count()).isEqualTo(1);

        send(event("orders", "op", MINUTE_0.plusSeconds(2), 6, true)); // late
        send(event("orders", "op", MINUTE_1.minusMillis(1), 8, false)); // late too
        assertThat(metric("late-corrected-records-total")).isEqualTo(2.0);
        assertThat(metric("late-accepted-records-total")).isEqualTo(0.0);
        // arrived in the clock's minute 10:03, written when the clock passes its end, 10:04 (no
        // grace: no late event can join a past arrival minute)
        send(event("orders", "op", MINUTE_0.plus(Duration.ofMinutes(4)).minusMillis(1), 5, false));
        assertThat(rows.readValuesToList()).noneMatch(ServiceMinuteRow::isCorrection);

        send(event("orders", "op", MINUTE_0.plus(Duration.ofMinutes(4)), 5, false));
        List<ServiceMinuteRow> corrections =
                rows.readValuesToList().stream().filter(ServiceMinuteRow::isCorrection).toList();
        assertThat(corrections).extracting(ServiceMinuteRow::operation).containsOnly("op", "");
        assertThat(corrections)
                .hasSize(2)
                .allSatisfy(
                        r -> {
                            assertThat(r.minute()).isEqualTo(MINUTE_0);
                            assertThat(r.correction()).isEqualTo(MINUTE_0_CLOSES.getEpochSecond());
                            assertThat(r.count()).isEqualTo(2);
                            assertThat(r.errors()).isEqualTo(1);
                            assertThat(r.sumMs()).isEqualTo(14.0);
                            assertThat(r.minMs()).isEqualTo(6.0);
                            assertThat(r.maxMs()).isEqualTo(8.0);
                        });
        assertThat(metric("correction-rows-emitted-total")).isEqualTo(2.0);

        send(event("orders", "op", MINUTE_0_CLOSES.plus(Duration.ofHours(1)), 5, false));
        List<ServiceMinuteRow> later =
                rows.readValuesToList().stream().filter(r -> r.operation().equals("op")).toList();
        // the minutes after MINUTE_0 closed, each once; MINUTE_0 never again
        assertThat(later).extracting(ServiceMinuteRow::minute).doesNotContain(MINUTE_0);
        assertThat(later).extracting(ServiceMinuteRow::minute).doesNotHaveDuplicates();
    }

    /** A request of 0 ms starting on the minute belongs to no later window, but to its own. */
    @Test
    void aZeroDurationEventOnTheMinuteCountsOnTimeAndLate() {
        send(event("orders", "op", MINUTE_0, 0, false));
        send(event("orders", "op", MINUTE_0_CLOSES, 0, false)); // closes 10:00
        send(event("orders", "op", MINUTE_0, 0, true)); // late: a correction of 10:00
        send(event("orders", "op", MINUTE_0_CLOSES.plus(Duration.ofHours(1)), 0, false));

        List<ServiceMinuteRow> minute0 =
                rows.readValuesToList().stream()
                        .filter(r -> r.operation().equals("op") && r.minute().equals(MINUTE_0))
                        .toList();
        assertThat(minute0)
                .extracting(r -> r.count() + "/" + r.errors() + "/" + r.isCorrection())
                .containsExactlyInAnyOrder("1/0/false", "1/1/true");
    }

    @Test
    void outOfOrderEventsGiveTheSameRowsAsOrderedOnes() {
        List<RequestEvent> events = new ArrayList<>();
        Random random = new Random(42);
        for (int i = 0; i < 500; i++) {
            Instant start = MINUTE_0.plusMillis(random.nextInt(5 * 60_000));
            events.add(
                    event(
                            "svc" + random.nextInt(2),
                            "op" + random.nextInt(3),
                            start,
                            random.nextInt(1000) / 10.0,
                            random.nextInt(10) == 0));
        }
        List<RequestEvent> sorted = new ArrayList<>(events);
        sorted.sort((a, b) -> Long.compare(a.startMicros(), b.startMicros()));
        // shuffle within 60 s blocks: out of order, but never later than the 2-minute grace
        List<RequestEvent> shuffled = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i += 50) {
            List<RequestEvent> block =
                    new ArrayList<>(sorted.subList(i, Math.min(i + 50, sorted.size())));
            Collections.shuffle(block, random);
            shuffled.addAll(block);
        }
        assertThat(shuffled).isNotEqualTo(sorted);

        Map<String, ServiceMinuteRow> ordered = runAndClose(sorted);
        driver.close();
        start();
        Map<String, ServiceMinuteRow> outOfOrder = runAndClose(shuffled);

        assertThat(metric("late-corrected-records-total")).isEqualTo(0.0);
        // the same rows; sums may differ in the last bits (floating-point addition order)
        assertThat(outOfOrder)
                .usingRecursiveComparison()
                .withComparatorForType(
                        (a, b) -> Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a)) ? 0 : 1,
                        Double.class)
                .isEqualTo(ordered);
        // brute force: per (service, operation, minute) count from the events themselves
        Map<String, Long> expected =
                events.stream()
                        .collect(
                                Collectors.groupingBy(
                                        e -> e.service() + "|" + e.operation() + "|" + minuteOf(e),
                                        Collectors.counting()));
        Map<String, Long> actual =
                outOfOrder.values().stream()
                        .filter(r -> !r.operation().isEmpty() && r.count() > 0)
                        .collect(
                                Collectors.toMap(
                                        r -> r.service() + "|" + r.operation() + "|" + r.minute(),
                                        ServiceMinuteRow::count));
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void eachWindowIsEmittedExactlyOnce() {
        Random random = new Random(7);
        Map<String, Long> expected = new HashMap<>();
        for (int i = 0; i < 2_000; i++) {
            Instant start = MINUTE_0.plusMillis(i * 300L + random.nextInt(200));
            String tenant = random.nextBoolean() ? "acme" : null;
            RequestEvent e = event("svc", "op" + random.nextInt(2), start, 1, false, tenant);
            send(e);
            expected.merge("|svc|" + e.operation() + "|" + minuteOf(e), 1L, Long::sum);
            expected.merge("|svc||" + minuteOf(e), 1L, Long::sum);
            if (tenant != null) {
                expected.merge("acme|svc|" + e.operation() + "|" + minuteOf(e), 1L, Long::sum);
                expected.merge("acme|svc||" + minuteOf(e), 1L, Long::sum);
            }
        }
        send(event("svc", "op0", MINUTE_0.plus(Duration.ofHours(1)), 1, false));

        List<ServiceMinuteRow> out = rows.readValuesToList();
        assertThat(out).extracting(ServiceMinuteTopologyTest::windowId).doesNotHaveDuplicates();
        Map<String, Long> actual =
                out.stream()
                        .collect(
                                Collectors.toMap(
                                        ServiceMinuteTopologyTest::windowId,
                                        ServiceMinuteRow::count));
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void tenantEventsAlsoCountInTheirTenantsRows() {
        send(event("orders", "op", MINUTE_0.plusSeconds(1), 5, false, "acme"));
        send(event("orders", "op", MINUTE_0.plusSeconds(2), 7, false, null));
        send(event("orders", "op", MINUTE_0_CLOSES, 1, false));

        Map<String, Long> counts =
                rows.readValuesToList().stream()
                        .collect(
                                Collectors.toMap(
                                        r -> r.tenant() + "|" + r.operation(),
                                        ServiceMinuteRow::count));
        assertThat(counts).isEqualTo(Map.of("|op", 2L, "|", 2L, "acme|op", 1L, "acme|", 1L));
    }

    @Test
    void openWindowsAreInTheStateStoreAndLeaveItWhenEmitted() {
        send(event("orders", "op", MINUTE_0.plusSeconds(1), 5, false, "acme"));
        send(event("orders", "op", MINUTE_1.plusSeconds(1), 5, false));

        assertThat(storeContents())
                .containsExactlyInAnyOrder(
                        "2025-03-01T10:00:00Z||orders|op",
                        "2025-03-01T10:00:00Z||orders|",
                        "2025-03-01T10:00:00Z|acme|orders|op",
                        "2025-03-01T10:00:00Z|acme|orders|",
                        "2025-03-01T10:01:00Z||orders|op",
                        "2025-03-01T10:01:00Z||orders|");

        send(event("orders", "op", MINUTE_0_CLOSES, 1, false));

        assertThat(rows.readValuesToList()).hasSize(4);
        assertThat(storeContents())
                .containsExactlyInAnyOrder(
                        "2025-03-01T10:01:00Z||orders|op",
                        "2025-03-01T10:01:00Z||orders|",
                        "2025-03-01T10:03:00Z||orders|op",
                        "2025-03-01T10:03:00Z||orders|");
    }

    @Test
    void aRequestSpanningMinutesContributesConcurrencyToEachMinuteItOverlaps() {
        // 10:00:30 for 90 s: 30 s in MINUTE_0, 60 s in MINUTE_1, ends exactly at MINUTE_2
        send(event("orders", "op", MINUTE_0.plusSeconds(30), 90_000, false));
        send(event("orders", "op", MINUTE_2.plus(ONE_MINUTE_LATER).plus(GRACE), 1, false));

        Map<Instant, ServiceMinuteRow> byMinute =
                rows.readValuesToList().stream()
                        .filter(r -> r.operation().equals("op"))
                        .collect(Collectors.toMap(ServiceMinuteRow::minute, r -> r));
        assertThat(byMinute).containsOnlyKeys(MINUTE_0, MINUTE_1);
        assertThat(byMinute.get(MINUTE_0).count()).isEqualTo(1);
        assertThat(byMinute.get(MINUTE_0).inflightMs()).isEqualTo(30_000.0);
        ServiceMinuteRow spill = byMinute.get(MINUTE_1);
        assertThat(spill.count()).isZero();
        assertThat(spill.concurrencyOnly()).isTrue();
        assertThat(spill.inflightMs()).isEqualTo(60_000.0);
        assertThat(spill.minMs()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(spill.maxMs()).isZero();
    }

    @Test
    void spillIntoAMinuteWithItsOwnRequestsAddsUp() {
        send(event("orders", "op", MINUTE_0.plusSeconds(50), 20_000, false)); // 10 s into MINUTE_1
        send(event("orders", "op", MINUTE_1.plusSeconds(20), 5_000, false));
        send(event("orders", "op", MINUTE_1.plus(ONE_MINUTE_LATER).plus(GRACE), 1, false));

        ServiceMinuteRow minute1 =
                rows.readValuesToList().stream()
                        .filter(r -> r.operation().equals("op") && r.minute().equals(MINUTE_1))
                        .findFirst()
                        .orElseThrow();
        assertThat(minute1.count()).isEqualTo(1);
        assertThat(minute1.inflightMs()).isEqualTo(15_000.0);
    }

    @Test
    void peakAndMeanInFlightAreHandComputedPerMinute() {
        // A [0 s, 30 s), B [10 s, 20 s), C [15 s, 75 s): all three in flight during [15 s, 20 s)
        send(event("orders", "op", MINUTE_0, 30_000, false));
        send(event("orders", "op", MINUTE_0.plusSeconds(10), 10_000, false));
        send(event("orders", "op", MINUTE_0.plusSeconds(15), 60_000, false));
        send(event("orders", "op", MINUTE_2.plus(ONE_MINUTE_LATER).plus(GRACE), 1, false));

        Map<Instant, ServiceMinuteRow> byMinute =
                rows.readValuesToList().stream()
                        .filter(r -> r.operation().equals("op"))
                        .collect(Collectors.toMap(ServiceMinuteRow::minute, r -> r));
        assertThat(byMinute.get(MINUTE_0).peakInflight()).isEqualTo(3);
        assertThat(byMinute.get(MINUTE_0).inflightMs()).isEqualTo(30_000.0 + 10_000 + 45_000);
        assertThat(byMinute.get(MINUTE_1).peakInflight()).isEqualTo(1);
        assertThat(byMinute.get(MINUTE_1).inflightMs()).isEqualTo(15_000.0);
        assertThat(byMinute.get(MINUTE_1).count()).isZero();
    }

    @Test
    void latencyBucketsAndUsersFollowTheSchemaContract() {
        send(withUser(event("orders", "op", MINUTE_0.plusSeconds(1), 10, false), "u-1"));
        send(withUser(event("orders", "op", MINUTE_0.plusSeconds(2), 30, false), "u-2"));
        send(withUser(event("orders", "op", MINUTE_0.plusSeconds(3), 30, false), "u-1"));
        send(event("orders", "op", MINUTE_0_CLOSES, 1, false));

        Map<String, ServiceMinuteRow> byOperation = byOperation(rows.readKeyValuesToList());
        long[] users = {UserIdHash.hash("u-1"), UserIdHash.hash("u-2")};
        java.util.Arrays.sort(users);
        assertThat(byOperation.get("").users()).containsExactly(users);
        assertThat(byOperation.get("op").users()).isEmpty();
        Map<Integer, Long> buckets =
                Map.of(
                        LatencyHistogram.bucketKey(10), 1L,
                        LatencyHistogram.bucketKey(30), 2L);
        assertThat(byOperation.get("op").buckets()).isEqualTo(buckets);
        assertThat(byOperation.get("").buckets()).isEqualTo(buckets);
        assertThat(byOperation.get("op").zeroCount()).isZero();
    }

    @Test
    void aRequestLongerThanTheHorizonCountsOnceAndOpensOnlyTheHorizonsWindows() {
        // default horizon 1 h: a 5-hour request is in flight in its first 60 minutes only
        send(event("batch", "job", MINUTE_0, Duration.ofHours(5).toMillis(), false));
        send(event("batch", "job", MINUTE_0.plus(Duration.ofHours(6)), 1, false));

        List<ServiceMinuteRow> job =
                rows.readValuesToList().stream()
                        .filter(r -> r.operation().equals("job"))
                        .filter(r -> r.minute().isBefore(MINUTE_0.plus(Duration.ofHours(6))))
                        .toList();
        assertThat(job).hasSize(60);
        assertThat(job).extracting(ServiceMinuteRow::count).containsOnlyOnce(1L);
        assertThat(job.get(0).maxMs()).isEqualTo(Duration.ofHours(5).toMillis());
        assertThat(job).allSatisfy(r -> assertThat(r.peakInflight()).isEqualTo(1));
        assertThat(metric("spans-truncated-records-total")).isEqualTo(1.0);
    }

    @Test
    void undecodableRecordsAreSkippedAndCountedWithoutStoppingTheJob() {
        TestInputTopic<String, String> raw =
                driver.createInputTopic(
                        StreamsSettings.DEFAULT_INPUT_TOPIC,
                        Serdes.String().serializer(),
                        Serdes.String().serializer());
        raw.pipeInput("orders", "{not json", MINUTE_0.plusSeconds(1));
        raw.pipeInput("orders", "{\"service\":\"orders\"}", MINUTE_0.plusSeconds(1));
        send(event("orders", "op", MINUTE_0.plusSeconds(2), 3, false));
        send(event("orders", "op", MINUTE_0_CLOSES, 1, false));

        assertThat(byOperation(rows.readKeyValuesToList()).get("op").count()).isEqualTo(1);
        double dropped =
                driver.metrics().entrySet().stream()
                        .filter(m -> m.getKey().name().equals("dropped-records-total"))
                        .filter(m -> m.getKey().group().equals("stream-task-metrics"))
                        .mapToDouble(m -> (Double) ((Metric) m.getValue()).metricValue())
                        .sum();
        assertThat(dropped).isEqualTo(2.0);
    }

    @Test
    void recordsNotKeyedByTheirServiceAreCountedAsMisrouted() {
        RequestEvent e = event("orders", "op", MINUTE_0.plusSeconds(2), 3, false);
        requests.pipeInput("billing", e, MINUTE_0.plusSeconds(2));
        assertThat(metric("misrouted-records-total")).isEqualTo(1.0);
    }

    private Map<String, ServiceMinuteRow> runAndClose(List<RequestEvent> events) {
        events.forEach(this::send);
        send(event("zz", "flush", MINUTE_0.plus(Duration.ofHours(1)), 1, false));
        return rows.readValuesToList().stream()
                .filter(r -> !r.service().equals("zz"))
                .collect(Collectors.toMap(ServiceMinuteTopologyTest::windowId, r -> r));
    }

    /** The distinct rows (window|tenant|service|operation) that have chunks in the store. */
    private List<String> storeContents() {
        KeyValueStore<Bytes, byte[]> store =
                driver.getKeyValueStore(ServiceMinuteTopology.AGGREGATES_STORE);
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
            all.forEachRemaining(
                    kv -> {
                        ServiceMinuteKey k = ChunkKey.fromBytes(kv.key.get()).row();
                        keys.add(
                                Instant.ofEpochSecond(k.windowStartEpochSecond())
                                        + "|"
                                        + k.tenant()
                                        + "|"
                                        + k.service()
                                        + "|"
                                        + k.operation());
                    });
        }
        return keys.stream().distinct().toList();
    }

    private static Map<String, ServiceMinuteRow> byOperation(
            List<KeyValue<String, ServiceMinuteRow>> out) {
        return out.stream().collect(Collectors.toMap(kv -> kv.value.operation(), kv -> kv.value));
    }

    private static String windowId(ServiceMinuteRow r) {
        return r.tenant() + "|" + r.service() + "|" + r.operation() + "|" + r.minute();
    }

    private static Instant minuteOf(RequestEvent e) {
        long ms = Math.floorDiv(e.startMicros(), 1000);
        return Instant.ofEpochMilli(ms - Math.floorMod(ms, 60_000));
    }

    private static RequestEvent withUser(RequestEvent e, String user) {
        return new RequestEvent(
                e.service(),
                e.operation(),
                e.startMicros(),
                e.durationMs(),
                e.status(),
                e.error(),
                user,
                e.tenant());
    }
}
