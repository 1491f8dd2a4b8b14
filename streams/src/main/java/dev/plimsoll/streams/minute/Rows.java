package dev.plimsoll.streams.minute;

import dev.plimsoll.core.aggregate.ServiceMinuteAggregate;
import dev.plimsoll.core.aggregate.ServiceMinuteKey;
import dev.plimsoll.core.concurrency.WindowConcurrency;
import dev.plimsoll.core.latency.LatencyHistogram;
import dev.plimsoll.streams.row.ServiceMinuteRow;

import java.time.Instant;

/** Turns core's aggregates into {@code service_minute} rows. */
public final class Rows {

    private static final long[] NO_USERS = new long[0];

    private Rows() {}

    /** The final row of a window from its complete aggregate. */
    public static ServiceMinuteRow toRow(ServiceMinuteKey key, ServiceMinuteAggregate aggregate) {
        return toRow(key, aggregate, 0);
    }

    /**
     * A row of a window from the aggregate of its events.
     *
     * @param correctionEpochSecond 0 for the row written when the window closed; for a correction
     *     (late events of a window already written), the minute in which they arrived
     */
    public static ServiceMinuteRow toRow(
            ServiceMinuteKey key, ServiceMinuteAggregate aggregate, long correctionEpochSecond) {
        LatencyHistogram latency = aggregate.latency();
        WindowConcurrency concurrency = aggregate.concurrencyResult();
        return new ServiceMinuteRow(
                key.tenant(),
                key.service(),
                key.operation(),
                Instant.ofEpochSecond(key.windowStartEpochSecond()),
                aggregate.count(),
                aggregate.errors(),
                latency.sum(),
                aggregate.minMsForRow(),
                aggregate.maxMsForRow(),
                latency.zeroCount(),
                latency.buckets(),
                concurrency.peakInFlight(),
                concurrency.inFlightMs(),
                aggregate.tracksUsers() ? aggregate.users().toArray() : NO_USERS,
                aggregate.tracksUsers() ? aggregate.users().samplingShift() : 0,
                correctionEpochSecond);
    }
}
