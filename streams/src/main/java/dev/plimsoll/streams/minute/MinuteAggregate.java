package dev.plimsoll.streams.minute;

import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.streams.row.ServiceMinuteRow;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;

/**
 * The mutable aggregate of one (tenant, service, operation, minute) window while it is open.
 *
 * <p>TODO(streams-core): placeholder with counts and sums only, replaced by core's
 * ServiceMinuteAggregate (histogram, concurrency, users) when that lands.
 */
final class MinuteAggregate {

    static final long MINUTE_MS = 60_000;

    private final long minuteMs;
    private final boolean withUsers;
    private long count;
    private long errors;
    private double sumMs;
    private double minMs = Double.POSITIVE_INFINITY;
    private double maxMs;
    private double inflightMs;
    boolean dirty;
    boolean stored;

    MinuteAggregate(long minuteMs, boolean withUsers) {
        this.minuteMs = minuteMs;
        this.withUsers = withUsers;
    }

    long minuteMs() {
        return minuteMs;
    }

    boolean withUsers() {
        return withUsers;
    }

    /** A request that started in this minute. */
    void addRequest(RequestEvent e) {
        count++;
        if (e.error()) {
            errors++;
        }
        sumMs += e.durationMs();
        minMs = Math.min(minMs, e.durationMs());
        maxMs = Math.max(maxMs, e.durationMs());
        addInflight(e.startMicros(), e.endMicros());
    }

    /** A request in flight during [startMicros, endMicros), which may overlap this minute. */
    void addInflight(long startMicros, long endMicros) {
        long from = Math.max(startMicros, minuteMs * 1000);
        long to = Math.min(endMicros, (minuteMs + MINUTE_MS) * 1000);
        if (to > from) {
            inflightMs += (to - from) / 1000.0;
        }
    }

    ServiceMinuteRow toRow(GroupKey key) {
        return new ServiceMinuteRow(
                key.tenant(),
                key.service(),
                key.operation(),
                Instant.ofEpochMilli(minuteMs),
                count,
                errors,
                sumMs,
                minMs,
                maxMs,
                0,
                Map.of(),
                0,
                inflightMs,
                new long[0]);
    }

    byte[] encode() {
        return ByteBuffer.allocate(8 + 1 + 8 + 8 + 8 * 4)
                .putLong(minuteMs)
                .put((byte) (withUsers ? 1 : 0))
                .putLong(count)
                .putLong(errors)
                .putDouble(sumMs)
                .putDouble(minMs)
                .putDouble(maxMs)
                .putDouble(inflightMs)
                .array();
    }

    static MinuteAggregate decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        MinuteAggregate a = new MinuteAggregate(b.getLong(), b.get() == 1);
        a.count = b.getLong();
        a.errors = b.getLong();
        a.sumMs = b.getDouble();
        a.minMs = b.getDouble();
        a.maxMs = b.getDouble();
        a.inflightMs = b.getDouble();
        return a;
    }
}
