package dev.plimsoll.cost.operators;

import dev.plimsoll.core.cost.ServiceAttribution;
import dev.plimsoll.core.cost.SharedCostRules;
import dev.plimsoll.core.telemetry.CostImport;
import dev.plimsoll.core.telemetry.CostRecord;
import dev.plimsoll.cost.model.CostKey;
import dev.plimsoll.cost.model.DayInput;
import dev.plimsoll.cost.model.ScopeDay;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import static dev.plimsoll.cost.operators.Harnesses.DAY;
import static dev.plimsoll.cost.operators.Harnesses.hour;
import static dev.plimsoll.cost.operators.Harnesses.ms;
import static org.assertj.core.api.Assertions.assertThat;

/** The ledger: record-id replacement, import generations, abandoned imports, state cleanup. */
class CostLedgerTest {

    private static final Duration RETENTION = Duration.ofDays(10);
    private static final Duration PENDING = Duration.ofHours(1);
    private static final Instant MARCH = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant APRIL = Instant.parse("2026-04-01T00:00:00Z");
    private static final long ARRIVAL = ms("2026-03-05T00:00:00Z");
    private static final String ACCOUNT = "123456789012";
    private static final String IMPORT_SCOPE =
            "import:123456789012|2026-03-01T00:00:00.000000Z|2026-04-01T00:00:00.000000Z";

    private KeyedOneInputStreamOperatorTestHarness<String, CostRecord, DayInput> harness;

    @BeforeEach
    void open() throws Exception {
        harness =
                Harnesses.opened(
                        new CostLedger(
                                ServiceAttribution.defaults(),
                                SharedCostRules.defaults(),
                                RETENTION,
                                PENDING),
                        CostLedger::scopeOf,
                        Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static BigDecimal d(String s) {
        return new BigDecimal(s).setScale(18);
    }

    private static CostRecord record(
            String id, String service, String cost, int fromHour, int toHour) {
        return new CostRecord(
                id,
                service,
                null,
                MARCH.plusSeconds(fromHour * 3600L),
                MARCH.plusSeconds(toHour * 3600L),
                new BigDecimal(cost),
                "USD",
                Map.of());
    }

    private static CostRecord row(
            String generation,
            int rows,
            int row,
            String importedAt,
            Map<String, String> tags,
            String cost,
            int fromHour,
            int toHour) {
        return new CostRecord(
                generation + ":" + row,
                null,
                null,
                MARCH.plusSeconds(fromHour * 3600L),
                MARCH.plusSeconds(toHour * 3600L),
                new BigDecimal(cost),
                "USD",
                tags,
                new CostImport(
                        ACCOUNT, MARCH, APRIL, generation, rows, row, Instant.parse(importedAt)));
    }

    @SafeVarargs
    private static ScopeDay scopeDay(
            String scope, long day, Map.Entry<Long, Map<CostKey, BigDecimal>>... hours) {
        SortedMap<Long, SortedMap<CostKey, BigDecimal>> m = new TreeMap<>();
        for (Map.Entry<Long, Map<CostKey, BigDecimal>> h : hours) {
            m.put(h.getKey(), new TreeMap<>(h.getValue()));
        }
        return new ScopeDay(scope, day, m);
    }

    private static CostKey direct(String service) {
        return new CostKey("USD", false, service);
    }

    private static final CostKey SHARED = new CostKey("USD", true, "default");

    private java.util.List<DayInput> drain() {
        java.util.List<DayInput> out = new java.util.ArrayList<>(harness.extractOutputValues());
        harness.getOutput().clear();
        return out;
    }

    @Test
    void aRecordIdIsReplacedByItsLatestVersion() throws Exception {
        harness.processElement(record("r1", "orders", "1.20", 10, 11), ARRIVAL);
        assertThat(drain())
                .containsExactly(
                        scopeDay(
                                "record:r1",
                                DAY,
                                Map.entry(hour(10), Map.of(direct("orders"), d("1.2")))));

        harness.processElement(record("r1", "orders", "1.20", 10, 11), ARRIVAL + 1);
        assertThat(drain()).as("the same record again changes nothing").isEmpty();

        harness.processElement(record("r1", "orders", "-0.5", 10, 11), ARRIVAL + 2);
        assertThat(drain())
                .containsExactly(
                        scopeDay(
                                "record:r1",
                                DAY,
                                Map.entry(hour(10), Map.of(direct("orders"), d("-0.5")))));

        // moved to the next day: the old day is emptied, the new one filled
        harness.processElement(record("r1", "orders", "-0.5", 34, 35), ARRIVAL + 3);
        assertThat(drain())
                .containsExactly(
                        scopeDay("record:r1", DAY),
                        scopeDay(
                                "record:r1",
                                DAY + 1,
                                Map.entry(hour(34), Map.of(direct("orders"), d("-0.5")))));
    }

    @Test
    void anImportReplacesTheScopeOnlyOnceComplete() throws Exception {
        // generation A: a daily search cost (0.10 an hour) and a shared cost at 10:00, rows out of
        // order
        harness.processElement(
                row("A", 2, 1, "2026-03-05T00:00:00Z", Map.of(), "0.30", 10, 11), ARRIVAL);
        assertThat(drain()).as("incomplete import").isEmpty();
        harness.processElement(
                row(
                        "A",
                        2,
                        0,
                        "2026-03-05T00:00:00Z",
                        Map.of(" application", "search"),
                        "2.40",
                        0,
                        24),
                ARRIVAL + 1);
        java.util.List<DayInput> first = drain();
        assertThat(first).hasSize(1);
        ScopeDay a = (ScopeDay) first.get(0);
        assertThat(a.scope()).isEqualTo(IMPORT_SCOPE);
        assertThat(a.hours()).hasSize(24);
        for (int h = 0; h < 24; h++) {
            assertThat(a.hours().get(hour(h)))
                    .isEqualTo(
                            h == 10
                                    ? Map.of(direct("search"), d("0.1"), SHARED, d("0.3"))
                                    : Map.of(direct("search"), d("0.1")));
        }

        harness.processElement(
                row(
                        "A",
                        2,
                        0,
                        "2026-03-05T00:00:00Z",
                        Map.of(" application", "search"),
                        "2.40",
                        0,
                        24),
                ARRIVAL + 2);
        assertThat(drain()).as("a retried row of the current import").isEmpty();

        // generation B, imported later, restates the period: only 1.20 at 10:00 remains
        harness.processElement(
                row("B", 1, 0, "2026-03-06T00:00:00Z", Map.of("app", "search"), "1.20", 10, 11),
                ARRIVAL + 3);
        assertThat(drain())
                .containsExactly(
                        scopeDay(
                                IMPORT_SCOPE,
                                DAY,
                                Map.entry(hour(10), Map.of(direct("search"), d("1.2")))));

        // the old file again (imported earlier than B): stale, nothing changes
        harness.processElement(
                row(
                        "A",
                        2,
                        0,
                        "2026-03-05T00:00:00Z",
                        Map.of(" application", "search"),
                        "2.40",
                        0,
                        24),
                ARRIVAL + 4);
        harness.processElement(
                row("A", 2, 1, "2026-03-05T00:00:00Z", Map.of(), "0.30", 10, 11), ARRIVAL + 5);
        assertThat(drain()).isEmpty();

        ValueState<LedgerState> st =
                Harnesses.state(harness, IMPORT_SCOPE, CostLedger.stateDescriptor());
        assertThat(st.value().generation()).isEqualTo("B");
        assertThat(st.value().pendingGenerations()).isEmpty();
    }

    @Test
    void anIncompleteImportIsAbandonedAndTheScopeKeepsItsCosts() throws Exception {
        harness.processElement(
                row("A", 1, 0, "2026-03-05T00:00:00Z", Map.of(), "0.30", 10, 11), ARRIVAL);
        drain();
        harness.processElement(
                row("C", 2, 0, "2026-03-07T00:00:00Z", Map.of(), "9", 10, 11), ARRIVAL + 10);
        assertThat(drain()).isEmpty();
        ValueState<LedgerState> st =
                Harnesses.state(harness, IMPORT_SCOPE, CostLedger.stateDescriptor());
        assertThat(st.value().pendingGenerations()).containsExactly("C");

        harness.processWatermark(ARRIVAL + 10 + PENDING.toMillis() - 1);
        assertThat(st.value().pendingGenerations()).containsExactly("C");
        harness.processWatermark(ARRIVAL + 10 + PENDING.toMillis());
        assertThat(st.value().pendingGenerations()).isEmpty();
        assertThat(st.value().generation()).isEqualTo("A");
        assertThat(st.value().hours()).containsOnlyKeys(hour(10));
        assertThat(drain()).isEmpty();
    }

    @Test
    void stateAndTimersAreClearedOnceEveryHourIsPastTheRetention() throws Exception {
        harness.processElement(record("r1", null, "1", 10, 12), ARRIVAL);
        harness.processElement(
                row("A", 1, 0, "2026-03-05T00:00:00Z", Map.of(), "0.30", 0, 24), ARRIVAL);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
        long lastHourEnd = ms("2026-03-02T00:00:00Z");
        harness.processWatermark(lastHourEnd + RETENTION.toMillis() - 1);
        assertThat(harness.numKeyedStateEntries())
                .as("the import's last hour is 23:00")
                .isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        harness.processWatermark(lastHourEnd + RETENTION.toMillis());
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }
}
