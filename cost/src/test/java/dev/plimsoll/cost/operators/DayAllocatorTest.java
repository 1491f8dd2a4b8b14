package dev.plimsoll.cost.operators;

import dev.plimsoll.core.cost.SharedCostRules;
import dev.plimsoll.core.users.DistinctUsers;
import dev.plimsoll.core.users.UserIdHash;
import dev.plimsoll.cost.model.CostKey;
import dev.plimsoll.cost.model.CostRow;
import dev.plimsoll.cost.model.DayInput;
import dev.plimsoll.cost.model.HourTraffic;
import dev.plimsoll.cost.model.ScopeDay;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import static dev.plimsoll.cost.operators.Harnesses.DAY;
import static dev.plimsoll.cost.operators.Harnesses.hour;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The day allocator through one day's life: provisional rows after the emit delay, an hour final by
 * watermark, a restatement after that (rows replaced, vanished ones deleted), the day final and its
 * user sets reduced to counts, a cost arriving after that, and the state cleared after the
 * retention. Every value hand-computed (see the comments).
 */
class DayAllocatorTest {

    private static final Duration SETTLE = Duration.ofHours(2);
    private static final Duration RETENTION = Duration.ofDays(3);
    private static final long DAY_END_MS = (Harnesses.H0 + 86_400) * 1000;

    private KeyedOneInputStreamOperatorTestHarness<Long, DayInput, CostRow> harness;

    @BeforeEach
    void open() throws Exception {
        harness =
                Harnesses.opened(
                        new DayAllocator(
                                SharedCostRules.defaults(),
                                SETTLE,
                                RETENTION,
                                Duration.ofSeconds(1),
                                64),
                        DayInput::day,
                        Types.LONG);
        harness.setProcessingTime(0);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static BigDecimal d(String s) {
        return new BigDecimal(s).setScale(18);
    }

    @SafeVarargs
    private static ScopeDay scope(
            String scope, Map.Entry<Long, Map<CostKey, BigDecimal>>... hours) {
        SortedMap<Long, SortedMap<CostKey, BigDecimal>> m = new TreeMap<>();
        for (Map.Entry<Long, Map<CostKey, BigDecimal>> h : hours) {
            m.put(h.getKey(), new TreeMap<>(h.getValue()));
        }
        return new ScopeDay(scope, DAY, m);
    }

    private static CostKey direct(String service) {
        return new CostKey("USD", false, service);
    }

    private static final CostKey SHARED = new CostKey("USD", true, "default");

    private static HourTraffic traffic(String service, int h, long requests, String... users) {
        DistinctUsers u = new DistinctUsers(64);
        for (String user : users) {
            u.add(UserIdHash.hash(user));
        }
        return new HourTraffic(service, hour(h), requests, u, false);
    }

    private List<String> drain() {
        List<String> out = harness.extractOutputValues().stream().map(Rows::render).toList();
        harness.getOutput().clear();
        return out;
    }

    @Test
    void aDayFromProvisionalToFinalToRestatedToCleared() throws Exception {
        harness.processElement(
                scope(
                        "S1",
                        Map.entry(hour(10), Map.of(direct("orders"), d("1.20"), SHARED, d("1.00"))),
                        Map.entry(hour(11), Map.of(direct("orders"), d("0.50")))),
                0);
        harness.processElement(traffic("orders", 10, 300, "u1", "u2", "u3"), 0);
        harness.processElement(traffic("search", 10, 100, "u3", "u4"), 0);
        assertThat(drain()).as("nothing before the emit delay").isEmpty();

        harness.setProcessingTime(999);
        assertThat(drain()).isEmpty();
        harness.setProcessingTime(1000);
        // shared 1.00 by requests 300:100; users: orders 3, search 2, all 4 (u3 uses both)
        assertThat(drain())
                .containsExactly(
                        "HOUR 10 orders USD 1.2+0.75+0=1.95 users=3 req=300 cpu=0.65 cpk=6.5"
                                + " requests",
                        "HOUR 10 search USD 0+0.25+0=0.25 users=2 req=100 cpu=0.125 cpk=2.5"
                                + " requests",
                        "HOUR 10 * USD 1.2+1+0=2.2 users=4 req=400 cpu=0.55 cpk=5.5 requests",
                        "HOUR 11 orders USD 0.5+0+0=0.5 users=0 req=0 cpu=- cpk=-",
                        "HOUR 11 * USD 0.5+0+0=0.5 users=0 req=0 cpu=- cpk=-",
                        "DAY 2026-03-01 orders USD 1.7+0.75+0=2.45 users=3 req=300"
                                + " cpu=0.816666666666666667 cpk=8.166666666666666667 requests",
                        "DAY 2026-03-01 search USD 0+0.25+0=0.25 users=2 req=100 cpu=0.125 cpk=2.5"
                                + " requests",
                        "DAY 2026-03-01 * USD 1.7+1+0=2.7 users=4 req=400 cpu=0.675 cpk=6.75"
                                + " requests");

        // hour 10 is final at 11:00 + settle (13:00); hour 11 is not yet
        harness.processWatermark((hour(11) * 1000) + SETTLE.toMillis() - 1);
        assertThat(drain()).as("hours 0-9 are final, but have no rows").isEmpty();
        harness.processWatermark((hour(11) * 1000) + SETTLE.toMillis());
        assertThat(drain()) // only hour 10 changes: it is final now
                .containsExactly(
                        "HOUR 10 orders USD 1.2+0.75+0=1.95 users=3 req=300 cpu=0.65 cpk=6.5"
                                + " requests final",
                        "HOUR 10 search USD 0+0.25+0=0.25 users=2 req=100 cpu=0.125 cpk=2.5"
                                + " requests final",
                        "HOUR 10 * USD 1.2+1+0=2.2 users=4 req=400 cpu=0.55 cpk=5.5 requests"
                                + " final");

        // a restatement of S1 after hour 10 is final: orders' direct cost moves to search and the
        // 11:00 cost is gone → hour 10 re-emitted (still final), hour 11 rows deleted
        harness.processElement(
                scope(
                        "S1",
                        Map.entry(
                                hour(10), Map.of(direct("search"), d("0.40"), SHARED, d("1.00")))),
                0);
        harness.setProcessingTime(2000);
        assertThat(drain())
                .containsExactly(
                        "HOUR 10 orders USD 0+0.75+0=0.75 users=3 req=300 cpu=0.25 cpk=2.5 requests"
                                + " final",
                        "HOUR 10 search USD 0.4+0.25+0=0.65 users=2 req=100 cpu=0.325 cpk=6.5"
                                + " requests final",
                        "HOUR 10 * USD 0.4+1+0=1.4 users=4 req=400 cpu=0.35 cpk=3.5 requests final",
                        "HOUR 11 orders USD DELETED",
                        "HOUR 11 * USD DELETED",
                        "DAY 2026-03-01 orders USD 0+0.75+0=0.75 users=3 req=300 cpu=0.25 cpk=2.5"
                                + " requests",
                        "DAY 2026-03-01 search USD 0.4+0.25+0=0.65 users=2 req=100 cpu=0.325"
                                + " cpk=6.5 requests",
                        "DAY 2026-03-01 * USD 0.4+1+0=1.4 users=4 req=400 cpu=0.35 cpk=3.5"
                                + " requests");

        // the day is final at its end + settle: day rows final, user sets reduced to counts
        harness.processWatermark(DAY_END_MS + SETTLE.toMillis());
        assertThat(drain())
                .containsExactly(
                        "DAY 2026-03-01 orders USD 0+0.75+0=0.75 users=3 req=300 cpu=0.25 cpk=2.5"
                                + " requests final",
                        "DAY 2026-03-01 search USD 0.4+0.25+0=0.65 users=2 req=100 cpu=0.325"
                                + " cpk=6.5 requests final",
                        "DAY 2026-03-01 * USD 0.4+1+0=1.4 users=4 req=400 cpu=0.35 cpk=3.5 requests"
                                + " final");
        ValueState<DayMeta> meta = Harnesses.state(harness, DAY, DayAllocator.metaDescriptor());
        assertThat(meta.value().compacted()).isTrue();
        assertThat(meta.value().finalHours()).hasSize(24);

        // a late cost (a second scope) after the day is final: the counts kept give the same users
        harness.processElement(
                scope("S2", Map.entry(hour(10), Map.of(direct("orders"), d("0.10")))), 0);
        harness.setProcessingTime(3000);
        assertThat(drain())
                .containsExactly(
                        "HOUR 10 orders USD 0.1+0.75+0=0.85 users=3 req=300"
                            + " cpu=0.283333333333333333 cpk=2.833333333333333333 requests final",
                        "HOUR 10 search USD 0.4+0.25+0=0.65 users=2 req=100 cpu=0.325 cpk=6.5"
                                + " requests final",
                        "HOUR 10 * USD 0.5+1+0=1.5 users=4 req=400 cpu=0.375 cpk=3.75 requests"
                                + " final",
                        "DAY 2026-03-01 orders USD 0.1+0.75+0=0.85 users=3 req=300"
                            + " cpu=0.283333333333333333 cpk=2.833333333333333333 requests final",
                        "DAY 2026-03-01 search USD 0.4+0.25+0=0.65 users=2 req=100 cpu=0.325"
                                + " cpk=6.5 requests final",
                        "DAY 2026-03-01 * USD 0.5+1+0=1.5 users=4 req=400 cpu=0.375 cpk=3.75"
                                + " requests final");

        // retention: everything of the day goes, state and timers
        assertThat(harness.numKeyedStateEntries()).isGreaterThan(0);
        harness.processWatermark(DAY_END_MS + RETENTION.toMillis());
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();

        // and a cost for the day after that is ignored (its rows are past the table's TTL)
        harness.processElement(
                scope("S3", Map.entry(hour(10), Map.of(direct("orders"), d("1")))), 0);
        harness.setProcessingTime(10_000);
        assertThat(drain()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void sharedCostWithoutTrafficIsUnallocatedAndStateSurvivesASnapshot() throws Exception {
        harness.processElement(scope("S1", Map.entry(hour(3), Map.of(SHARED, d("0.25")))), 0);
        var snapshot = harness.snapshot(1, 0);
        harness.close();

        harness =
                Harnesses.unopened(
                        new DayAllocator(
                                SharedCostRules.defaults(),
                                SETTLE,
                                RETENTION,
                                Duration.ofSeconds(1),
                                64),
                        DayInput::day,
                        Types.LONG);
        harness.initializeState(snapshot);
        harness.open();
        harness.setProcessingTime(1000);
        assertThat(drain())
                .containsExactly(
                        "HOUR 3 * USD 0+0+0.25=0.25 users=0 req=0 cpu=- cpk=- requests",
                        "DAY 2026-03-01 * USD 0+0+0.25=0.25 users=0 req=0 cpu=- cpk=- requests");
    }
}
