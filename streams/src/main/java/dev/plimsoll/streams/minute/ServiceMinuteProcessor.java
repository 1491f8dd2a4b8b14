package dev.plimsoll.streams.minute;

import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.streams.row.ServiceMinuteRow;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.plimsoll.streams.minute.MinuteAggregate.MINUTE_MS;

/**
 * Aggregates request events into one-minute windows by request start and emits each window once,
 * when stream time passes its end plus the grace period.
 *
 * <p>Open windows live as mutable objects in this processor; a record touches no state store. The
 * aggregates changed since the last commit are written to the changelogged store {@link
 * ServiceMinuteTopology#AGGREGATES_STORE} just before each commit (through {@link
 * CommitHookStore}), so the store, its changelog and the committed input offsets always agree.
 * After a restart or a rebalance, {@link #init} reloads the open windows from the restored store.
 */
final class ServiceMinuteProcessor
        implements Processor<String, RequestEvent, String, ServiceMinuteRow> {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceMinuteProcessor.class);
    static final String METRICS_SCOPE = "plimsoll-service-minute";

    private final long graceMs;
    private final long horizonMs;
    private final TreeMap<Long, Map<GroupKey, MinuteAggregate>> windows = new TreeMap<>();
    private final List<Dirty> dirty = new ArrayList<>();

    private ProcessorContext<String, ServiceMinuteRow> context;
    private KeyValueStore<Bytes, byte[]> store;
    private CommitHookStore hook;
    private long lastMinute = Long.MIN_VALUE;
    private Map<GroupKey, MinuteAggregate> lastWindow;
    private boolean warnedMisrouted;
    private boolean reloadNeeded;

    private Sensor lateDropped;
    private Sensor lateAccepted;
    private Sensor spansTruncated;
    private Sensor misrouted;
    private Sensor windowsEmitted;

    private record Dirty(GroupKey key, MinuteAggregate aggregate) {}

    ServiceMinuteProcessor(long graceMs, long horizonMs) {
        this.graceMs = graceMs;
        this.horizonMs = horizonMs;
    }

    @Override
    public void init(ProcessorContext<String, ServiceMinuteRow> context) {
        this.context = context;
        this.store = context.getStateStore(ServiceMinuteTopology.AGGREGATES_STORE);
        this.hook = context.getStateStore(ServiceMinuteTopology.COMMIT_HOOK_STORE);
        String task = context.taskId().toString();
        lateDropped = sensor(task, "late-dropped-records");
        lateAccepted = sensor(task, "late-accepted-records");
        spansTruncated = sensor(task, "spans-truncated-records");
        misrouted = sensor(task, "misrouted-records");
        windowsEmitted = sensor(task, "windows-emitted");
        reload();
        hook.bind(this::drain, this::discard);
    }

    private Sensor sensor(String task, String operation) {
        return context.metrics()
                .addRateTotalSensor(METRICS_SCOPE, task, operation, Sensor.RecordingLevel.INFO);
    }

    /** The task's state is being reset: forget the in-memory windows, reload before next use. */
    private void discard() {
        windows.clear();
        dirty.clear();
        lastMinute = Long.MIN_VALUE;
        lastWindow = null;
        reloadNeeded = true;
    }

    /** (Re)loads the open windows from the store, dropping whatever is in memory. */
    private void reload() {
        reloadNeeded = false;
        windows.clear();
        dirty.clear();
        lastMinute = Long.MIN_VALUE;
        lastWindow = null;
        int n = 0;
        try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<Bytes, byte[]> kv = all.next();
                MinuteAggregate a = MinuteAggregate.decode(kv.value);
                a.stored = true;
                windows.computeIfAbsent(a.minuteMs(), m -> new HashMap<>())
                        .put(GroupKey.fromStoreKey(kv.key.get()), a);
                n++;
            }
        }
        if (n > 0) {
            LOG.info("Task {} resumed {} open window aggregates", context.taskId(), n);
        }
    }

    @Override
    public void process(Record<String, RequestEvent> record) {
        RequestEvent e = record.value();
        if (e == null) {
            return;
        }
        if (reloadNeeded) {
            reload();
        }
        if (record.key() != null && !record.key().equals(e.service())) {
            misrouted.record();
            if (!warnedMisrouted) {
                warnedMisrouted = true;
                LOG.warn(
                        "Record key '{}' is not the service '{}': the input topic must be keyed by"
                                + " service, or windows of one service are split across tasks",
                        record.key(),
                        e.service());
            }
        }
        long streamTime = context.currentStreamTimeMs();
        long startMs = Math.floorDiv(e.startMicros(), 1000);
        long minute = startMs - Math.floorMod(startMs, MINUTE_MS);
        if (minute + MINUTE_MS + graceMs <= streamTime) {
            lateDropped.record();
            return;
        }
        if (minute + MINUTE_MS <= streamTime) {
            lateAccepted.record();
        }
        String tenant = e.tenant() == null ? "" : e.tenant();
        String service = e.service();
        String operation = e.operation();
        Map<GroupKey, MinuteAggregate> w = window(minute);
        aggregate(w, minute, new GroupKey("", service, operation)).addRequest(e);
        aggregate(w, minute, new GroupKey("", service, "")).addRequest(e);
        if (!tenant.isEmpty()) {
            aggregate(w, minute, new GroupKey(tenant, service, operation)).addRequest(e);
            aggregate(w, minute, new GroupKey(tenant, service, "")).addRequest(e);
        }
        long endMicros = e.endMicros();
        long next = minute + MINUTE_MS;
        if (next * 1000 < endMicros) {
            spill(e, tenant, minute, next, endMicros);
        }
        emitClosed(streamTime);
    }

    /** Concurrency of a request that is still in flight in the minutes after its start minute. */
    private void spill(RequestEvent e, String tenant, long minute, long next, long endMicros) {
        long limit = minute + horizonMs;
        if (endMicros > limit * 1000) {
            spansTruncated.record();
        }
        long start = e.startMicros();
        for (long m = next; m < limit && m * 1000 < endMicros; m += MINUTE_MS) {
            Map<GroupKey, MinuteAggregate> w = window(m);
            aggregate(w, m, new GroupKey("", e.service(), e.operation()))
                    .addInflight(start, endMicros);
            aggregate(w, m, new GroupKey("", e.service(), "")).addInflight(start, endMicros);
            if (!tenant.isEmpty()) {
                aggregate(w, m, new GroupKey(tenant, e.service(), e.operation()))
                        .addInflight(start, endMicros);
                aggregate(w, m, new GroupKey(tenant, e.service(), ""))
                        .addInflight(start, endMicros);
            }
        }
    }

    private Map<GroupKey, MinuteAggregate> window(long minute) {
        if (minute != lastMinute) {
            lastWindow = windows.computeIfAbsent(minute, m -> new HashMap<>());
            lastMinute = minute;
        }
        return lastWindow;
    }

    private MinuteAggregate aggregate(
            Map<GroupKey, MinuteAggregate> window, long minute, GroupKey key) {
        MinuteAggregate a = window.get(key);
        if (a == null) {
            a = new MinuteAggregate(minute, key.wholeService());
            window.put(key, a);
        }
        if (!a.dirty) {
            a.dirty = true;
            dirty.add(new Dirty(key, a));
        }
        return a;
    }

    /** Emits, in minute order, every window that can no longer receive events. */
    private void emitClosed(long streamTime) {
        while (!windows.isEmpty() && windows.firstKey() + MINUTE_MS + graceMs <= streamTime) {
            Map.Entry<Long, Map<GroupKey, MinuteAggregate>> closed = windows.pollFirstEntry();
            long minute = closed.getKey();
            if (minute == lastMinute) {
                lastMinute = Long.MIN_VALUE;
                lastWindow = null;
            }
            List<Map.Entry<GroupKey, MinuteAggregate>> rows =
                    new ArrayList<>(closed.getValue().entrySet());
            rows.sort(Map.Entry.comparingByKey());
            for (Map.Entry<GroupKey, MinuteAggregate> r : rows) {
                GroupKey key = r.getKey();
                MinuteAggregate a = r.getValue();
                context.forward(new Record<>(key.service(), a.toRow(key), minute + MINUTE_MS));
                if (a.stored) {
                    store.delete(Bytes.wrap(key.storeKey(minute)));
                }
                a.dirty = false; // emitted: nothing left to write
                windowsEmitted.record();
            }
        }
    }

    /** Writes the aggregates changed since the last commit into the changelogged store. */
    private void drain() {
        for (Dirty d : dirty) {
            MinuteAggregate a = d.aggregate();
            if (a.dirty) {
                store.put(Bytes.wrap(d.key().storeKey(a.minuteMs())), a.encode());
                a.dirty = false;
                a.stored = true;
            }
        }
        dirty.clear();
    }

    @Override
    public void close() {
        hook.unbind();
        windows.clear();
        dirty.clear();
        lastWindow = null;
        for (Sensor s :
                List.of(lateDropped, lateAccepted, spansTruncated, misrouted, windowsEmitted)) {
            context.metrics().removeSensor(s);
        }
    }
}
