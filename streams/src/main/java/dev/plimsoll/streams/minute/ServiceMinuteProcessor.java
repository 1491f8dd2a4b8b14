package dev.plimsoll.streams.minute;

import dev.plimsoll.core.DecodingException;
import dev.plimsoll.core.aggregate.ServiceMinuteAggregate;
import dev.plimsoll.core.aggregate.ServiceMinuteKey;
import dev.plimsoll.core.aggregate.ServiceMinutePreAggregator;
import dev.plimsoll.core.concurrency.ConcurrencyWindow;
import dev.plimsoll.core.concurrency.ConcurrencyWindows;
import dev.plimsoll.core.telemetry.Idempotency;
import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.streams.row.ServiceMinuteRow;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Aggregates request events into one-minute windows by request start and emits each window once,
 * when stream time passes its end plus the grace period.
 *
 * <p>Per event, only core's {@link ServiceMinutePreAggregator} (in memory) is touched. Just before
 * each commit ({@link CommitHookStore}) the partial aggregates gathered since the previous commit
 * are appended to the changelogged store as <em>chunks</em> (one per row and commit, {@link
 * ChunkKey}); so each commit writes what changed, not whole aggregates again. When a window closes,
 * its chunks are merged into the final rows, forwarded and deleted. The store, its changelog, the
 * output records and the input offsets all belong to the same Kafka transaction. After a restart,
 * {@link #init} only re-indexes the open windows of the restored store.
 *
 * <p><b>Idle partitions.</b> Windows close by the task's event-time clock: Kafka Streams' stream
 * time (the largest record timestamp), or — when the task has received no record for {@code
 * idleCloseAfter} of wall-clock time — that clock advanced by the wall-clock time elapsed since its
 * last record, as if time had kept flowing (a wall-clock punctuator). While records keep arriving
 * (live traffic or a backlog being replayed) the wall clock plays no part. The advanced clock is
 * written to the changelogged store {@code service-minute-clock} in the transaction of the windows
 * it closes, rounded down to the last decision instant (window closing, minute end) it passed, so
 * that after a crash or a rebalance the task closes, accepts and drops exactly as before (ADR
 * 0006).
 *
 * <p><b>Late events</b> (ADR 0011). An event whose window the clock has already closed is not
 * dropped: its part in the closed windows goes into a <em>correction</em> of each, collected per
 * minute of the clock in which it arrived and written when the clock passes that minute's end (no
 * grace period: no later event can join it). A correction is a row of its own, identified by that
 * arrival minute, which readers add to the minute's other rows. Its parts in windows still open
 * (in-flight slices of a long request) go into those windows as usual.
 *
 * <p><b>Retries</b> (ADR 0012). A record carrying an idempotency batch id and index that this task
 * already counted is skipped and counted in {@code duplicate-records} ({@link RetriedRecords}).
 *
 * <p><b>Events from the future.</b> The clock never runs more than {@code maxClockSkew} ahead of
 * the time records reached Kafka: {@link RequestStartTimestampExtractor} bounds their timestamps,
 * which are what stream time is made of, and the idle clock is bounded by the wall clock plus the
 * same skew. An event dated further ahead (a sender with a wrong clock) is aggregated into its own
 * minute like any other — that window stays open until the clock gets there — and counted in {@code
 * future-records}; one warning per service and minute names it (ADR 0010).
 */
final class ServiceMinuteProcessor
        implements Processor<String, RequestEvent, String, ServiceMinuteRow> {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceMinuteProcessor.class);
    static final String METRICS_SCOPE = "plimsoll-service-minute";
    static final long MINUTE_MICROS = ConcurrencyWindow.ONE_MINUTE_MICROS;

    private final long graceMicros;
    private final long horizonMicros;
    private final long idleCloseAfterMs;
    private final long maxClockSkewMs;
    private final long idempotencyWindowMs;

    /** Wall-clock time (ms) of the last warning about a future event, per service. */
    private final Map<String, Long> futureWarned = new HashMap<>();

    /** Deltas of open windows since the last drain. */
    private final ServiceMinutePreAggregator pending = new ServiceMinutePreAggregator();

    /** Deltas of corrections since the last drain, by arrival minute (epoch µs). */
    private final TreeMap<Long, ServiceMinutePreAggregator> pendingCorrections = new TreeMap<>();

    /** Windows (start, epoch µs) with chunks in the store or pending deltas. */
    private final TreeSet<Long> openWindows = new TreeSet<>();

    /** Corrections with chunks or pending deltas: arrival minute → corrected windows (epoch µs). */
    private final TreeMap<Long, TreeSet<Long>> openCorrections = new TreeMap<>();

    private long lastTrackedWindow = Long.MIN_VALUE;

    /** Event-time clock advanced by the wall clock (epoch µs); NONE while it never was. */
    private long advancedClock = NONE;

    /** The advanced clock as last written to the clock store (a decision instant). */
    private long storedClock = NONE;

    /** Wall-clock time of the last record (ms), or NONE until the first record or punctuation. */
    private long lastRecordWallMs = NONE;

    /** The event-time clock when the last record arrived (epoch µs). */
    private long clockAtLastRecord = NONE;

    private long nextChunk;
    private boolean reloadNeeded;
    private boolean warnedMisrouted;

    private ProcessorContext<String, ServiceMinuteRow> context;
    private KeyValueStore<Bytes, byte[]> store;
    private KeyValueStore<Bytes, byte[]> clockStore;
    private CommitHookStore hook;
    private RetriedRecords retried;
    private Sensor lateCorrected;
    private Sensor lateAccepted;
    private Sensor spansTruncated;
    private Sensor misrouted;
    private Sensor windowsEmitted;
    private Sensor idleAdvances;
    private Sensor unwritableSkipped;
    private Sensor futureRecords;
    private Sensor correctionRows;
    private Sensor duplicates;
    private UnwritableRows unwritable;

    private static final long NONE = Long.MIN_VALUE;
    private static final Bytes CLOCK_KEY = Bytes.wrap(new byte[] {'c'});

    /** At most one warning per service about events from the future in this time (ms). */
    static final long FUTURE_WARNING_INTERVAL_MS = 60_000;

    /** Services remembered for {@link #FUTURE_WARNING_INTERVAL_MS}; beyond that, only counted. */
    private static final int FUTURE_WARNED_MAX = 10_000;

    /**
     * @param graceMs how long after its end a window still accepts events
     * @param horizonMs how long after its start a request still counts as in flight
     * @param idleCloseAfterMs wall-clock time without records after which the task's event-time
     *     clock follows the wall clock; 0 disables
     * @param maxClockSkewMs how far the clock may run ahead of the time records reached Kafka (as
     *     given to {@link RequestStartTimestampExtractor}) and of the wall clock
     * @param idempotencyWindowMs how long the task remembers the batches it counted records of
     */
    ServiceMinuteProcessor(
            long graceMs,
            long horizonMs,
            long idleCloseAfterMs,
            long maxClockSkewMs,
            long idempotencyWindowMs) {
        this.graceMicros = graceMs * 1000;
        this.horizonMicros = horizonMs * 1000;
        this.idleCloseAfterMs = idleCloseAfterMs;
        this.maxClockSkewMs = maxClockSkewMs;
        this.idempotencyWindowMs = idempotencyWindowMs;
    }

    /** A processor remembering idempotency batches for core's {@code Idempotency.WINDOW}. */
    ServiceMinuteProcessor(
            long graceMs, long horizonMs, long idleCloseAfterMs, long maxClockSkewMs) {
        this(graceMs, horizonMs, idleCloseAfterMs, maxClockSkewMs, Idempotency.WINDOW.toMillis());
    }

    /**
     * How often a task checks whether it is idle: half the idle time, between 100 ms and 5 s. Each
     * check that advances the clock makes the task commit.
     */
    static Duration idleCheckInterval(long idleCloseAfterMs) {
        return Duration.ofMillis(Math.max(100, Math.min(5_000, idleCloseAfterMs / 2)));
    }

    @Override
    public void init(ProcessorContext<String, ServiceMinuteRow> context) {
        this.context = context;
        this.store = context.getStateStore(ServiceMinuteTopology.AGGREGATES_STORE);
        this.clockStore = context.getStateStore(ServiceMinuteTopology.CLOCK_STORE);
        this.hook = context.getStateStore(ServiceMinuteTopology.COMMIT_HOOK_STORE);
        WindowStore<Bytes, byte[]> batches =
                context.getStateStore(ServiceMinuteTopology.IDEMPOTENCY_STORE);
        this.retried = new RetriedRecords(batches, idempotencyWindowMs);
        String task = context.taskId().toString();
        lateCorrected = sensor(task, "late-corrected-records");
        lateAccepted = sensor(task, "late-accepted-records");
        spansTruncated = sensor(task, "spans-truncated-records");
        misrouted = sensor(task, "misrouted-records");
        windowsEmitted = sensor(task, "rows-emitted");
        idleAdvances = sensor(task, "idle-clock-advances");
        unwritableSkipped = sensor(task, "unwritable-rows-skipped");
        futureRecords = sensor(task, "future-records");
        correctionRows = sensor(task, "correction-rows-emitted");
        duplicates = sensor(task, "duplicate-records");
        unwritable = UnwritableRows.from(context.appConfigs());
        reload();
        hook.bind(this::drain, this::discard);
        if (idleCloseAfterMs > 0) {
            context.schedule(
                    idleCheckInterval(idleCloseAfterMs),
                    PunctuationType.WALL_CLOCK_TIME,
                    this::advanceIfIdle);
        }
    }

    private Sensor sensor(String task, String operation) {
        return context.metrics()
                .addRateTotalSensor(METRICS_SCOPE, task, operation, Sensor.RecordingLevel.INFO);
    }

    /** The task's state is being reset: forget the pending deltas, re-index before next use. */
    private void discard() {
        pending.drain();
        pendingCorrections.clear();
        openWindows.clear();
        openCorrections.clear();
        retried.discard();
        lastTrackedWindow = Long.MIN_VALUE;
        advancedClock = NONE;
        storedClock = NONE;
        reloadNeeded = true;
    }

    /** Indexes the open windows of the store and continues its chunk numbering. */
    private void reload() {
        reloadNeeded = false;
        pending.drain();
        pendingCorrections.clear();
        openWindows.clear();
        openCorrections.clear();
        retried.discard();
        lastTrackedWindow = Long.MIN_VALUE;
        long maxChunk = -1;
        int chunks = 0;
        try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
            while (all.hasNext()) {
                ChunkKey key = ChunkKey.fromBytes(all.next().key.get());
                if (key.correction() == 0) {
                    openWindows.add(key.row().windowStartMicros());
                } else {
                    openCorrections
                            .computeIfAbsent(key.correction(), a -> new TreeSet<>())
                            .add(key.row().windowStartMicros());
                }
                maxChunk = Math.max(maxChunk, key.chunk());
                chunks++;
            }
        }
        nextChunk = maxChunk + 1;
        byte[] clock = clockStore.get(CLOCK_KEY);
        storedClock = clock == null ? NONE : ByteBuffer.wrap(clock).getLong();
        advancedClock = storedClock;
        // the idle timer starts again: time spent down or rebalancing is not idle time
        lastRecordWallMs = NONE;
        clockAtLastRecord = NONE;
        if (chunks > 0) {
            LOG.info(
                    "Task {} resumes {} open windows and corrections of {} arrival minutes ({}"
                            + " stored chunks)",
                    context.taskId(),
                    openWindows.size(),
                    openCorrections.size(),
                    chunks);
        }
    }

    @Override
    public void process(Record<String, RequestEvent> record) {
        if (reloadNeeded) {
            reload();
        }
        clockAtLastRecord = clock();
        if (idleCloseAfterMs > 0) {
            lastRecordWallMs = context.currentSystemTimeMs();
        }
        RequestEvent e = record.value();
        if (e == null) {
            return;
        }
        if (retried.isRetry(record.headers(), context::currentSystemTimeMs)) {
            duplicates.record();
            return;
        }
        if (!e.service().equals(record.key())) {
            misrouted.record();
            if (!warnedMisrouted) {
                warnedMisrouted = true;
                LOG.warn(
                        "Record key '{}' is not the service '{}': the input topic must be keyed by"
                                + " service, or the windows of one service are split across tasks",
                        record.key(),
                        e.service());
            }
        }
        if (RequestStartTimestampExtractor.isBounded(record.timestamp(), e)) {
            // dated beyond the time it reached Kafka + max clock skew: the extractor held the
            // clock back; the event itself still goes into its own (future) minute below
            futureRecords.record();
            warnFuture(e, record.timestamp());
        }
        long clock = clockAtLastRecord;
        long window = ConcurrencyWindows.windowStart(e.startMicros(), MINUTE_MICROS);
        long end = e.endMicros();
        // windows w < lastWindow get a part of the event: its own (also when it takes no time
        // at all and starts on the minute: end = window) and those it is in flight in, up to the
        // concurrency horizon
        long lastWindow = Math.max(end, window + 1);
        if (end - window > horizonMicros) {
            lastWindow = window + horizonMicros;
            spansTruncated.record();
        }
        long firstOpen = firstOpenWindow(clock);
        if (window >= firstOpen) {
            if (window + MINUTE_MICROS <= clock) {
                lateAccepted.record();
            }
            pending.add(e, window, lastWindow);
            track(window, lastWindow);
        } else {
            // its own window is written already: a correction of it (and of any written window
            // it is in flight in), collected per minute of arrival; open windows as usual
            lateCorrected.record();
            long arrival = Math.floorDiv(clock, MINUTE_MICROS) * MINUTE_MICROS;
            long correctedEnd = Math.min(firstOpen, lastWindow);
            pendingCorrections
                    .computeIfAbsent(arrival, a -> new ServiceMinutePreAggregator())
                    .add(e, window, correctedEnd);
            trackCorrection(arrival, window, correctedEnd);
            if (lastWindow > firstOpen) {
                pending.add(e, firstOpen, lastWindow);
                track(firstOpen, lastWindow);
            }
        }
        emitClosed(clock);
    }

    /** The first window that {@code clock} has not closed: windows close at end + grace. */
    private long firstOpenWindow(long clock) {
        return Math.floorDiv(clock - graceMicros, MINUTE_MICROS) * MINUTE_MICROS;
    }

    /**
     * One warning per service and {@link #FUTURE_WARNING_INTERVAL_MS}, naming what an operator
     * needs to find the sender whose clock is ahead.
     */
    private void warnFuture(RequestEvent e, long boundedTimestampMs) {
        long now = context.currentSystemTimeMs();
        Long last = futureWarned.get(e.service());
        if (last != null && now - last < FUTURE_WARNING_INTERVAL_MS) {
            return;
        }
        if (last == null && futureWarned.size() >= FUTURE_WARNED_MAX) {
            futureWarned.values().removeIf(t -> now - t >= FUTURE_WARNING_INTERVAL_MS);
            if (futureWarned.size() >= FUTURE_WARNED_MAX) {
                return; // counted in future-records all the same
            }
        }
        futureWarned.put(e.service(), now);
        long startMs = Math.floorDiv(e.startMicros(), 1000);
        long reachedMs = boundedTimestampMs - maxClockSkewMs;
        String where =
                context.recordMetadata()
                        .map(m -> m.topic() + "-" + m.partition() + " offset " + m.offset())
                        .orElse("unknown position");
        LOG.warn(
                "Service '{}' sent an event dated {}, {} after it reached Kafka ({}): is the"
                        + " sender's clock ahead? It is counted in its own minute, written when the"
                        + " job's clock gets there; the clock moves at most {} past the time events"
                        + " reach Kafka, so other events are not made late (operation '{}', tenant"
                        + " '{}', {}). Further such events of this service are counted in"
                        + " future-records, and logged at most once a minute.",
                e.service(),
                Instant.ofEpochMilli(startMs),
                readable(startMs - reachedMs),
                Instant.ofEpochMilli(reachedMs),
                readable(maxClockSkewMs),
                e.operation(),
                e.tenant() == null ? "" : e.tenant(),
                where);
    }

    /** {@code 3h 0m 10.500s}, {@code 12s}: durations for operators. */
    static String readable(long ms) {
        Duration d = Duration.ofMillis(ms);
        String seconds =
                d.toMillisPart() == 0
                        ? d.toSecondsPart() + "s"
                        : String.format(
                                java.util.Locale.ROOT,
                                "%d.%03ds",
                                d.toSecondsPart(),
                                d.toMillisPart());
        if (d.toHours() > 0) {
            return d.toHours() + "h " + d.toMinutesPart() + "m " + seconds;
        }
        return d.toMinutesPart() > 0 ? d.toMinutesPart() + "m " + seconds : seconds;
    }

    /** The task's event-time clock (epoch µs): stream time, or later when advanced while idle. */
    private long clock() {
        return Math.max(context.currentStreamTimeMs() * 1000, advancedClock);
    }

    /**
     * Wall-clock punctuation: when no record arrived for {@code idleCloseAfter}, moves the clock to
     * its value at the last record plus the wall-clock time elapsed since, and emits what is due.
     * Runs in the task's transaction, like {@link #process}.
     */
    private void advanceIfIdle(long wallClockMs) {
        if (reloadNeeded) {
            reload();
        }
        if (lastRecordWallMs == NONE) {
            // first check since (re)start: the idle time counts from here
            lastRecordWallMs = wallClockMs;
            clockAtLastRecord = clock();
            return;
        }
        long idleMs = wallClockMs - lastRecordWallMs;
        if (idleMs < idleCloseAfterMs || clockAtLastRecord < 0) {
            return; // busy, or no event time yet
        }
        // as if time had kept flowing, but never further ahead of the wall clock than a record
        // could move it (ADR 0010)
        long advanced =
                Math.min(clockAtLastRecord + idleMs * 1000, (wallClockMs + maxClockSkewMs) * 1000);
        if (advanced <= clock()) {
            return;
        }
        if (advancedClock <= clockAtLastRecord) {
            LOG.debug(
                    "Task {} received no record for {} ms: its event-time clock follows the wall"
                            + " clock from {}",
                    context.taskId(),
                    idleMs,
                    Instant.ofEpochMilli(clockAtLastRecord / 1000));
        }
        advancedClock = advanced;
        idleAdvances.record();
        emitClosed(advanced);
        storeClock();
    }

    /**
     * Writes the advanced clock, rounded down to the last decision instant it passed — a window's
     * closing (its end plus the grace period) or a minute's end (which closes the corrections that
     * arrived in it and starts the next arrival minute): what decides which windows are closed,
     * which events are late and which correction a late event joins, so a restarted task decides
     * exactly the same; at most two writes per minute of idle time, none while stream time (which
     * Kafka Streams restores itself) decides the same.
     */
    private void storeClock() {
        long decision = lastDecisionInstant(advancedClock);
        if (decision > storedClock
                && decision > lastDecisionInstant(context.currentStreamTimeMs() * 1000)) {
            clockStore.put(CLOCK_KEY, ByteBuffer.allocate(8).putLong(decision).array());
            storedClock = decision;
        }
    }

    /**
     * The last instant at or before {@code clock} at which a decision changes: a window closes (end
     * plus grace) or a minute ends (corrections).
     */
    private long lastDecisionInstant(long clock) {
        return Math.max(
                firstOpenWindow(clock) + graceMicros,
                ConcurrencyWindows.windowStart(clock, MINUTE_MICROS));
    }

    /** Notes the windows [window, end) as open. */
    private void track(long window, long end) {
        if (window != lastTrackedWindow) {
            openWindows.add(window);
            lastTrackedWindow = window;
        }
        for (long w = window + MINUTE_MICROS; w < end; w += MINUTE_MICROS) {
            openWindows.add(w);
        }
    }

    /**
     * Notes the windows [window, end) as corrected by the events that arrived in {@code arrival}.
     */
    private void trackCorrection(long arrival, long window, long end) {
        TreeSet<Long> windows = openCorrections.computeIfAbsent(arrival, a -> new TreeSet<>());
        windows.add(window);
        for (long w = window + MINUTE_MICROS; w < end; w += MINUTE_MICROS) {
            windows.add(w);
        }
    }

    /**
     * Appends the deltas since the last drain to the store, one chunk per row (and correction), and
     * the batches whose records were counted since then.
     */
    private void drain() {
        Map<ServiceMinuteKey, ServiceMinuteAggregate> deltas = pending.drain();
        if (!deltas.isEmpty() || !pendingCorrections.isEmpty()) {
            long chunk = nextChunk++;
            put(deltas, chunk, 0);
            for (Map.Entry<Long, ServiceMinutePreAggregator> c : pendingCorrections.entrySet()) {
                put(c.getValue().drain(), chunk, c.getKey());
            }
            pendingCorrections.clear();
        }
        retried.flush();
    }

    private void put(
            Map<ServiceMinuteKey, ServiceMinuteAggregate> deltas, long chunk, long correction) {
        for (Map.Entry<ServiceMinuteKey, ServiceMinuteAggregate> d : deltas.entrySet()) {
            store.put(
                    Bytes.wrap(new ChunkKey(d.getKey(), chunk, correction).toBytes()),
                    d.getValue().toBytes());
        }
    }

    /**
     * Emits every window and every correction that can no longer receive events: on-time windows in
     * window order, then corrections in order of arrival.
     */
    private void emitClosed(long clock) {
        if (!windowDue(clock) && !correctionDue(clock)) {
            return;
        }
        drain();
        lastTrackedWindow = Long.MIN_VALUE;
        while (windowDue(clock)) {
            emit(openWindows.pollFirst(), 0);
        }
        while (correctionDue(clock)) {
            Map.Entry<Long, TreeSet<Long>> due = openCorrections.pollFirstEntry();
            for (long window : due.getValue()) {
                emit(window, due.getKey());
            }
        }
    }

    /** Whether the oldest open window is closed at {@code clock}: its end plus grace passed. */
    private boolean windowDue(long clock) {
        return !openWindows.isEmpty() && openWindows.first() + MINUTE_MICROS + graceMicros <= clock;
    }

    /**
     * Whether the oldest arrival minute's corrections are complete at {@code clock}: the minute
     * ended. No late event can join them afterwards (the clock only moves forward), so no grace.
     */
    private boolean correctionDue(long clock) {
        return !openCorrections.isEmpty() && openCorrections.firstKey() + MINUTE_MICROS <= clock;
    }

    /**
     * Forwards the rows of one window — its on-time rows ({@code correction} 0) or one of its
     * corrections — and deletes their chunks.
     */
    private void emit(long window, long correction) {
        TreeMap<ServiceMinuteKey, ServiceMinuteAggregate> rows =
                new TreeMap<>(ServiceMinuteTopology.ROW_ORDER);
        List<Bytes> chunks = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it =
                store.prefixScan(ChunkKey.windowPrefix(window), new ByteArraySerializer())) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                ChunkKey key = ChunkKey.fromBytes(kv.key.get());
                if (key.correction() != correction) {
                    continue; // another correction of this window, or its on-time rows
                }
                chunks.add(kv.key);
                ServiceMinuteAggregate part = ServiceMinuteAggregate.fromBytes(kv.value);
                rows.merge(
                        key.row(),
                        part,
                        (a, b) -> {
                            a.merge(b);
                            return a;
                        });
            }
        } catch (DecodingException e) {
            throw new IllegalStateException(
                    "The aggregates store holds an unreadable chunk of window "
                            + window
                            + ": "
                            + e.getMessage(),
                    e);
        }
        long timestamp = (window + MINUTE_MICROS) / 1000;
        long correctionSecond = correction / 1_000_000;
        for (Map.Entry<ServiceMinuteKey, ServiceMinuteAggregate> row : rows.entrySet()) {
            ServiceMinuteKey key = row.getKey();
            UnwritableRows.RowId id = UnwritableRows.RowId.of(key);
            String refused = unwritable.reason(id);
            if (refused != null) {
                // Kafka refused this row for good in an aborted attempt (SkipUnwritableRowsHandler)
                LOG.debug("Skipping the row of {}: {}", id, refused);
                unwritableSkipped.record();
                continue;
            }
            context.forward(
                    new Record<>(
                            key.service(),
                            Rows.toRow(key, row.getValue(), correctionSecond),
                            timestamp));
            windowsEmitted.record();
            if (correction != 0) {
                correctionRows.record();
            }
        }
        for (Bytes chunk : chunks) {
            store.delete(chunk);
        }
    }

    @Override
    public void close() {
        hook.unbind();
        pending.drain();
        pendingCorrections.clear();
        openWindows.clear();
        openCorrections.clear();
        for (Sensor s :
                List.of(
                        lateCorrected,
                        lateAccepted,
                        spansTruncated,
                        misrouted,
                        windowsEmitted,
                        idleAdvances,
                        unwritableSkipped,
                        futureRecords,
                        correctionRows,
                        duplicates)) {
            context.metrics().removeSensor(s);
        }
    }
}
