package dev.plimsoll.cost.operators;

import dev.plimsoll.core.cost.HourSpread;
import dev.plimsoll.core.cost.ServiceAttribution;
import dev.plimsoll.core.cost.SharedCostRules;
import dev.plimsoll.core.telemetry.CostImport;
import dev.plimsoll.core.telemetry.CostRecord;
import dev.plimsoll.cost.model.CostKey;
import dev.plimsoll.cost.model.DayInput;
import dev.plimsoll.cost.model.ScopeDay;
import dev.plimsoll.cost.serde.CodecTypeInfo;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Keeps, per <em>scope</em>, what the current version of its cost records says, hour by hour, and
 * hands every change to the allocation as whole days ({@link ScopeDay}, replacing the previous
 * ones). A scope is an import's billing account and billing period ({@link CostImport}) or, for a
 * record outside any import, its {@code recordId}.
 *
 * <ul>
 *   <li><b>Record ids</b>: the latest record of an id replaces the previous one (records of one id
 *       share a Kafka partition, so "latest" is their order there).
 *   <li><b>Imports</b> (ADR 0017): rows of a newer import are collected aside until all {@code
 *       rows} of it have arrived, then replace the scope's costs at once; duplicates of a row, an
 *       import of the current generation (the same file again) and imports older than the current
 *       one change nothing. An import still incomplete {@code pendingImportTimeout} after its last
 *       row arrived (by Kafka time) is abandoned and counted.
 *   <li>Each record is attributed ({@link ServiceAttribution}) and spread over its hours ({@link
 *       HourSpread}); shared costs go to the pool of their {@link SharedCostRules rule}.
 *   <li><b>State</b>: the current costs per hour and pending imports; cleared once every hour of
 *       the scope is older than {@code hourRetention} (event time = Kafka time of the costs).
 * </ul>
 */
public final class CostLedger extends KeyedProcessFunction<String, CostRecord, DayInput>
        implements ResultTypeQueryable<DayInput> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CostLedger.class);

    /** Scope key of records outside imports: {@code record:} + recordId. */
    public static final String RECORD_SCOPE = "record:";

    private final ServiceAttribution attribution;
    private final SharedCostRules rules;
    private final long retentionMillis;
    private final long pendingTimeoutMillis;

    private transient ValueState<LedgerState> state;
    private transient Counter duplicates;
    private transient Counter staleImports;
    private transient Counter completedImports;
    private transient Counter abandonedImports;

    public CostLedger(
            ServiceAttribution attribution,
            SharedCostRules rules,
            Duration hourRetention,
            Duration pendingImportTimeout) {
        this.attribution = attribution;
        this.rules = rules;
        this.retentionMillis = hourRetention.toMillis();
        this.pendingTimeoutMillis = pendingImportTimeout.toMillis();
    }

    /** The scope of a record (the key of this function). */
    public static String scopeOf(CostRecord record) {
        CostImport i = record.costImport();
        return i != null ? "import:" + i.scope() : RECORD_SCOPE + record.recordId();
    }

    /** The state descriptor (tests read the state through it). */
    public static ValueStateDescriptor<LedgerState> stateDescriptor() {
        return new ValueStateDescriptor<>("ledger", CodecTypeInfo.of(new LedgerState.StateCodec()));
    }

    @Override
    public TypeInformation<DayInput> getProducedType() {
        return CodecTypeInfo.of(new dev.plimsoll.cost.model.DayInputCodec());
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(stateDescriptor());
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicate-cost-records");
        staleImports = getRuntimeContext().getMetricGroup().counter("stale-imports");
        completedImports = getRuntimeContext().getMetricGroup().counter("completed-imports");
        abandonedImports = getRuntimeContext().getMetricGroup().counter("abandoned-imports");
    }

    @Override
    public void processElement(CostRecord record, Context ctx, Collector<DayInput> out)
            throws Exception {
        LedgerState st = state.value();
        if (st == null) {
            st = new LedgerState();
        }
        CostImport imp = record.costImport();
        if (imp == null) {
            replace(ctx.getCurrentKey(), st, hours(List.of(record)), null, 0, ctx, out);
            state.update(st);
            return;
        }
        if (imp.generation().equals(st.generation)) {
            duplicates.inc(); // the current import again (the same file, or a retried row)
            return;
        }
        long importedAt = micros(imp.importedAt());
        if (st.generation != null
                && !newer(importedAt, imp.generation(), st.importedAtMicros, st.generation)) {
            staleImports.inc();
            return;
        }
        LedgerState.Pending p =
                st.pending.computeIfAbsent(
                        imp.generation(), g -> new LedgerState.Pending(importedAt, imp.rows()));
        if (p.rows.putIfAbsent(imp.row(), record) != null) {
            duplicates.inc();
        }
        if (p.rows.size() == p.total) {
            replace(
                    ctx.getCurrentKey(),
                    st,
                    hours(p.rows.values()),
                    imp.generation(),
                    importedAt,
                    ctx,
                    out);
            completedImports.inc();
            String current = st.generation;
            long currentAt = st.importedAtMicros;
            st.pending
                    .entrySet()
                    .removeIf(
                            e ->
                                    !newer(
                                            e.getValue().importedAtMicros,
                                            e.getKey(),
                                            currentAt,
                                            current));
        } else {
            p.lastArrivalMillis = Math.max(p.lastArrivalMillis, ctx.timestamp());
            ctx.timerService().registerEventTimeTimer(p.lastArrivalMillis + pendingTimeoutMillis);
        }
        state.update(st);
    }

    /** Replaces the scope's costs and emits the days that changed. */
    private void replace(
            String scope,
            LedgerState st,
            SortedMap<Long, SortedMap<CostKey, BigDecimal>> next,
            String generation,
            long importedAtMicros,
            Context ctx,
            Collector<DayInput> out) {
        SortedMap<Long, SortedMap<Long, SortedMap<CostKey, BigDecimal>>> before = byDay(st.hours);
        SortedMap<Long, SortedMap<Long, SortedMap<CostKey, BigDecimal>>> after = byDay(next);
        TreeSet<Long> days = new TreeSet<>(before.keySet());
        days.addAll(after.keySet());
        for (long day : days) {
            SortedMap<Long, SortedMap<CostKey, BigDecimal>> b =
                    before.getOrDefault(day, new TreeMap<>());
            SortedMap<Long, SortedMap<CostKey, BigDecimal>> a =
                    after.getOrDefault(day, new TreeMap<>());
            if (!a.equals(b)) {
                out.collect(new ScopeDay(scope, day, a));
            }
        }
        st.hours = next;
        st.generation = generation;
        st.importedAtMicros = importedAtMicros;
        if (!next.isEmpty()) {
            long lastHourEndMillis = (next.lastKey() + 3600) * 1000;
            st.cleanupAtMillis = Math.max(st.cleanupAtMillis, lastHourEndMillis + retentionMillis);
            ctx.timerService().registerEventTimeTimer(st.cleanupAtMillis);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<DayInput> out)
            throws Exception {
        LedgerState st = state.value();
        if (st == null) {
            return;
        }
        if (st.cleanupAtMillis > 0 && timestamp >= st.cleanupAtMillis) {
            state.clear(); // every hour of the scope is past the hourly table's retention
            return;
        }
        int before = st.pending.size();
        st.pending
                .entrySet()
                .removeIf(e -> e.getValue().lastArrivalMillis + pendingTimeoutMillis <= timestamp);
        if (st.pending.size() < before) {
            abandonedImports.inc(before - st.pending.size());
            LOG.warn(
                    "Abandoned {} incomplete import(s) of {}: not all of their rows arrived within"
                            + " {} ms; the scope keeps its previous costs",
                    before - st.pending.size(),
                    ctx.getCurrentKey(),
                    pendingTimeoutMillis);
        }
        if (st.pending.isEmpty() && st.hours.isEmpty()) {
            state.clear();
        } else {
            state.update(st);
        }
    }

    /** The records' costs by hour and cost key (exact sums of their hour parts). */
    SortedMap<Long, SortedMap<CostKey, BigDecimal>> hours(Collection<CostRecord> records) {
        SortedMap<Long, SortedMap<CostKey, BigDecimal>> hours = new TreeMap<>();
        for (CostRecord r : records) {
            String service = attribution.serviceOf(r);
            CostKey key =
                    service != null
                            ? new CostKey(r.currency(), false, service)
                            : new CostKey(r.currency(), true, rules.ruleFor(r).name());
            for (Map.Entry<Long, BigDecimal> part :
                    HourSpread.spread(r.cost(), r.chargePeriodStart(), r.chargePeriodEnd())
                            .entrySet()) {
                hours.computeIfAbsent(part.getKey(), h -> new TreeMap<>())
                        .merge(key, part.getValue(), BigDecimal::add);
            }
        }
        return hours;
    }

    private static SortedMap<Long, SortedMap<Long, SortedMap<CostKey, BigDecimal>>> byDay(
            SortedMap<Long, SortedMap<CostKey, BigDecimal>> hours) {
        SortedMap<Long, SortedMap<Long, SortedMap<CostKey, BigDecimal>>> days = new TreeMap<>();
        for (Map.Entry<Long, SortedMap<CostKey, BigDecimal>> h : hours.entrySet()) {
            days.computeIfAbsent(ScopeDay.dayOf(h.getKey()), d -> new TreeMap<>())
                    .put(h.getKey(), h.getValue());
        }
        return days;
    }

    /**
     * Whether an import supersedes another of its scope (the rule of {@link CostImport}): received
     * later, or at the same instant with a greater generation.
     */
    private static boolean newer(
            long atMicros, String generation, long otherAtMicros, String other) {
        return atMicros > otherAtMicros
                || (atMicros == otherAtMicros && generation.compareTo(other) > 0);
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
    }
}
