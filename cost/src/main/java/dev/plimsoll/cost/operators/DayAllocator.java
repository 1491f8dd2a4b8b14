package dev.plimsoll.cost.operators;

import dev.plimsoll.core.cost.CostAllocation;
import dev.plimsoll.core.cost.CostLine;
import dev.plimsoll.core.cost.HourCosts;
import dev.plimsoll.core.cost.ServiceTraffic;
import dev.plimsoll.core.cost.SharedCostRules;
import dev.plimsoll.core.users.DistinctUsers;
import dev.plimsoll.cost.model.CostKey;
import dev.plimsoll.cost.model.CostRow;
import dev.plimsoll.cost.model.DayInput;
import dev.plimsoll.cost.model.HourTraffic;
import dev.plimsoll.cost.model.ScopeDay;
import dev.plimsoll.cost.serde.CodecTypeInfo;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Allocates one UTC day, keyed by epoch day: the scopes' costs of its hours ({@link ScopeDay}) and
 * the services' traffic of its hours ({@link HourTraffic}) become the rows of {@code cost_hour} and
 * {@code cost_day} (core's {@link CostAllocation}).
 *
 * <ul>
 *   <li><b>Provisional</b>: a change is written {@code emitDelay} (processing time) after it
 *       arrives, together with whatever else changed meanwhile: only the hours that changed, and
 *       the day.
 *   <li><b>Final</b>: when event time passes an hour's end plus {@code settle} the hour's rows are
 *       written again with {@code final = 1}; at the day's end plus {@code settle} the day's rows,
 *       and the day's distinct-user sets are reduced to their counts (the traffic is final then:
 *       {@link TrafficCounter} stops counting the day's hours at the same instant).
 *   <li><b>Late and restated costs</b> re-emit the hours they touch and the day, replacing the rows
 *       (and deleting, with a tombstone, a row whose service or currency no longer has cost in that
 *       period) — at any time until the day's end plus {@code hourRetention}, when the day's state
 *       and timers are cleared; later inputs for the day are counted ({@code expired-inputs}) and
 *       dropped, their rows being past the table's TTL.
 * </ul>
 *
 * Every row is a full snapshot of its key, so writing one twice (a replay after a restore) is
 * harmless. Memory per day: the scopes' hour costs, and per service-hour its distinct users (at
 * most {@code 16 × usersCap} bytes) until the day is final, then 8 bytes.
 */
public final class DayAllocator extends KeyedProcessFunction<Long, DayInput, CostRow>
        implements ResultTypeQueryable<CostRow> {

    private static final long serialVersionUID = 1L;
    private static final long DAY_MILLIS = 86_400_000L;

    private final SharedCostRules rules;
    private final long settleMillis;
    private final long retentionMillis;
    private final long emitDelayMillis;
    private final int usersCap;

    private transient CostAllocation allocation;
    private transient MapState<String, SortedMap<Long, SortedMap<CostKey, BigDecimal>>> scopes;
    private transient MapState<String, TrafficCell> traffic;
    private transient ValueState<DayMeta> meta;
    private transient Counter expired;
    private transient Counter rowsEmitted;

    public DayAllocator(
            SharedCostRules rules,
            Duration settle,
            Duration hourRetention,
            Duration emitDelay,
            int usersCap) {
        this.rules = rules;
        this.settleMillis = settle.toMillis();
        this.retentionMillis = hourRetention.toMillis();
        this.emitDelayMillis = emitDelay.toMillis();
        this.usersCap = usersCap;
    }

    public static MapStateDescriptor<String, SortedMap<Long, SortedMap<CostKey, BigDecimal>>>
            scopesDescriptor() {
        return new MapStateDescriptor<>(
                "scopes", Types.STRING, CodecTypeInfo.of(new DayMeta.HoursCodec()));
    }

    public static MapStateDescriptor<String, TrafficCell> trafficDescriptor() {
        return new MapStateDescriptor<>(
                "traffic", Types.STRING, CodecTypeInfo.of(new TrafficCell.CellCodec()));
    }

    public static ValueStateDescriptor<DayMeta> metaDescriptor() {
        return new ValueStateDescriptor<>("day", CodecTypeInfo.of(new DayMeta.MetaCodec()));
    }

    @Override
    public TypeInformation<CostRow> getProducedType() {
        return CodecTypeInfo.of(new CostRow.CostRowCodec());
    }

    @Override
    public void open(OpenContext openContext) {
        allocation = new CostAllocation(rules);
        scopes = getRuntimeContext().getMapState(scopesDescriptor());
        traffic = getRuntimeContext().getMapState(trafficDescriptor());
        meta = getRuntimeContext().getState(metaDescriptor());
        expired = getRuntimeContext().getMetricGroup().counter("expired-inputs");
        rowsEmitted = getRuntimeContext().getMetricGroup().counter("rows-emitted");
    }

    private long dayStartMillis(long day) {
        return day * DAY_MILLIS;
    }

    @Override
    public void processElement(DayInput input, Context ctx, Collector<CostRow> out)
            throws Exception {
        long day = ctx.getCurrentKey();
        long dayEnd = dayStartMillis(day) + DAY_MILLIS;
        if (dayEnd + retentionMillis <= ctx.timerService().currentWatermark()) {
            expired.inc(); // the day's rows are past the hourly table's TTL; state is gone
            return;
        }
        DayMeta m = meta.value();
        if (m == null) {
            m = new DayMeta();
            for (int h = 0; h < 24; h++) {
                ctx.timerService()
                        .registerEventTimeTimer(
                                dayStartMillis(day) + (h + 1) * 3_600_000L + settleMillis);
            }
            ctx.timerService().registerEventTimeTimer(dayEnd + retentionMillis);
        }
        if (input instanceof ScopeDay s) {
            SortedMap<Long, SortedMap<CostKey, BigDecimal>> before = scopes.get(s.scope());
            if (before != null) {
                m.dirtyHours.addAll(before.keySet());
            }
            if (s.hours().isEmpty()) {
                scopes.remove(s.scope());
            } else {
                scopes.put(s.scope(), s.hours());
            }
            m.dirtyHours.addAll(s.hours().keySet());
        } else {
            HourTraffic t = (HourTraffic) input;
            if (m.compacted) {
                expired.inc(); // cannot happen: traffic of a day stops before the day is final
                return;
            }
            String key = t.service() + "|" + t.hour();
            TrafficCell cell = traffic.get(key);
            if (cell == null) {
                cell = new TrafficCell(new DistinctUsers(usersCap));
            }
            cell.requests = t.requests();
            cell.users.merge(t.users());
            traffic.put(key, cell);
            m.dirtyHours.add(t.hour());
        }
        m.dayDirty = true;
        if (m.emitAt == 0) {
            m.emitAt = ctx.timerService().currentProcessingTime() + emitDelayMillis;
            ctx.timerService().registerProcessingTimeTimer(m.emitAt);
        }
        meta.update(m);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<CostRow> out)
            throws Exception {
        DayMeta m = meta.value();
        if (m == null) {
            return;
        }
        long day = ctx.getCurrentKey();
        long dayStart = dayStartMillis(day);
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            m.emitAt = 0;
            emit(day, m, out);
            meta.update(m);
            return;
        }
        if (timestamp >= dayStart + DAY_MILLIS + retentionMillis) {
            if (m.emitAt != 0) {
                ctx.timerService().deleteProcessingTimeTimer(m.emitAt);
            }
            scopes.clear();
            traffic.clear();
            meta.clear();
            return;
        }
        for (int h = 0; h < 24; h++) {
            long hour = dayStart / 1000 + h * 3600L;
            if ((hour + 3600) * 1000 + settleMillis <= timestamp && m.finalHours.add(hour)) {
                m.dirtyHours.add(hour); // its rows are written again, final
            }
        }
        if (!m.dayFinal && dayStart + DAY_MILLIS + settleMillis <= timestamp) {
            m.dayFinal = true;
            m.dayDirty = true;
            compact(day, m);
        }
        emit(day, m, out);
        meta.update(m);
    }

    /** Writes the rows of the changed hours and, if anything changed, of the day. */
    private void emit(long day, DayMeta m, Collector<CostRow> out) throws Exception {
        if (m.dirtyHours.isEmpty() && !m.dayDirty) {
            return;
        }
        long dayStart = day * 86_400L;
        Map<Long, HourCosts> costs = new TreeMap<>();
        for (Map.Entry<String, SortedMap<Long, SortedMap<CostKey, BigDecimal>>> scope :
                scopes.entries()) {
            for (Map.Entry<Long, SortedMap<CostKey, BigDecimal>> h : scope.getValue().entrySet()) {
                HourCosts hc = costs.computeIfAbsent(h.getKey(), k -> new HourCosts());
                for (Map.Entry<CostKey, BigDecimal> c : h.getValue().entrySet()) {
                    CostKey k = c.getKey();
                    if (k.shared()) {
                        hc.addShared(k.currency(), k.name(), c.getValue());
                    } else {
                        hc.addDirect(k.currency(), k.name(), c.getValue());
                    }
                }
            }
        }
        Map<Long, Map<String, TrafficCell>> cells = new TreeMap<>();
        for (Map.Entry<String, TrafficCell> e : traffic.entries()) {
            int bar = e.getKey().lastIndexOf('|');
            long hour = Long.parseLong(e.getKey().substring(bar + 1));
            cells.computeIfAbsent(hour, h -> new TreeMap<>())
                    .put(e.getKey().substring(0, bar), e.getValue());
        }
        List<CostLine> allLines = new ArrayList<>();
        for (int h = 0; h < 24; h++) {
            long hour = dayStart + h * 3600L;
            HourCosts hc = costs.get(hour);
            Map<String, TrafficCell> hourCells = cells.getOrDefault(hour, Map.of());
            List<CostLine> lines =
                    hc == null || hc.isEmpty()
                            ? List.of()
                            : allocation.allocate(
                                    hc,
                                    serviceTraffic(hourCells),
                                    overallUsers(hour, hourCells, m));
            allLines.addAll(lines);
            if (m.dirtyHours.contains(hour)) {
                write(
                        CostRow.Period.HOUR,
                        hour,
                        lines,
                        m.finalHours.contains(hour),
                        m.emittedHours.computeIfAbsent(hour, k -> new TreeSet<>()),
                        out);
                if (m.emittedHours.get(hour).isEmpty()) {
                    m.emittedHours.remove(hour);
                }
            }
        }
        if (m.dayDirty) {
            List<CostLine> dayLines =
                    allLines.isEmpty()
                            ? List.of()
                            : CostAllocation.rollUpDay(
                                    allLines, dayTraffic(cells, m), overallDay(cells, m));
            write(CostRow.Period.DAY, dayStart, dayLines, m.dayFinal, m.emittedDay, out);
        }
        m.dirtyHours.clear();
        m.dayDirty = false;
    }

    /** Emits the lines and tombstones for keys emitted before that have no line now. */
    private void write(
            CostRow.Period period,
            long start,
            List<CostLine> lines,
            boolean finalRows,
            Set<String> emitted,
            Collector<CostRow> out) {
        Set<String> now = new LinkedHashSet<>();
        for (CostLine line : lines) {
            CostRow row = new CostRow(period, start, line, finalRows, false);
            now.add(row.key());
            out.collect(row);
            rowsEmitted.inc();
        }
        for (String gone : emitted) {
            if (!now.contains(gone)) {
                int bar = gone.lastIndexOf('|');
                out.collect(
                        CostRow.tombstone(
                                period,
                                start,
                                gone.substring(0, bar),
                                gone.substring(bar + 1),
                                finalRows));
                rowsEmitted.inc();
            }
        }
        emitted.clear();
        emitted.addAll(now);
    }

    private static Map<String, ServiceTraffic> serviceTraffic(Map<String, TrafficCell> cells) {
        Map<String, ServiceTraffic> t = new HashMap<>();
        cells.forEach(
                (service, cell) -> t.put(service, new ServiceTraffic(cell.requests, cell.users())));
        return t;
    }

    private long overallUsers(long hour, Map<String, TrafficCell> cells, DayMeta m) {
        if (m.compacted) {
            return m.overallHourUsers.getOrDefault(hour, 0L);
        }
        DistinctUsers all = new DistinctUsers(usersCap);
        cells.values().forEach(c -> all.merge(c.users));
        return all.estimate();
    }

    private Map<String, ServiceTraffic> dayTraffic(
            Map<Long, Map<String, TrafficCell>> cells, DayMeta m) {
        Map<String, Long> requests = new TreeMap<>();
        Map<String, DistinctUsers> users = new TreeMap<>();
        cells.values()
                .forEach(
                        hour ->
                                hour.forEach(
                                        (service, cell) -> {
                                            requests.merge(service, cell.requests, Long::sum);
                                            if (!m.compacted) {
                                                users.computeIfAbsent(
                                                                service,
                                                                s -> new DistinctUsers(usersCap))
                                                        .merge(cell.users);
                                            }
                                        }));
        Map<String, ServiceTraffic> t = new HashMap<>();
        requests.forEach(
                (service, n) ->
                        t.put(
                                service,
                                new ServiceTraffic(
                                        n,
                                        m.compacted
                                                ? m.serviceDayUsers.getOrDefault(service, 0L)
                                                : users.get(service).estimate())));
        return t;
    }

    private ServiceTraffic overallDay(Map<Long, Map<String, TrafficCell>> cells, DayMeta m) {
        long requests = 0;
        DistinctUsers all = new DistinctUsers(usersCap);
        for (Map<String, TrafficCell> hour : cells.values()) {
            for (TrafficCell cell : hour.values()) {
                requests += cell.requests;
                if (!m.compacted) {
                    all.merge(cell.users);
                }
            }
        }
        return new ServiceTraffic(requests, m.compacted ? m.overallDayUsers : all.estimate());
    }

    /** Reduces the day's user sets to counts once the day is final. */
    private void compact(long day, DayMeta m) throws Exception {
        Map<Long, Map<String, TrafficCell>> cells = new TreeMap<>();
        List<String> keys = new ArrayList<>();
        for (Map.Entry<String, TrafficCell> e : traffic.entries()) {
            int bar = e.getKey().lastIndexOf('|');
            cells.computeIfAbsent(
                            Long.parseLong(e.getKey().substring(bar + 1)), h -> new TreeMap<>())
                    .put(e.getKey().substring(0, bar), e.getValue());
            keys.add(e.getKey());
        }
        for (Map.Entry<Long, Map<String, TrafficCell>> hour : cells.entrySet()) {
            m.overallHourUsers.put(hour.getKey(), overallUsers(hour.getKey(), hour.getValue(), m));
        }
        Map<String, ServiceTraffic> dayTraffic = dayTraffic(cells, m);
        dayTraffic.forEach((service, t) -> m.serviceDayUsers.put(service, t.users()));
        m.overallDayUsers = overallDay(cells, m).users();
        for (String key : keys) {
            TrafficCell cell = traffic.get(key);
            cell.usersCount = cell.users.estimate();
            cell.users = null;
            traffic.put(key, cell);
        }
        m.compacted = true;
    }
}
