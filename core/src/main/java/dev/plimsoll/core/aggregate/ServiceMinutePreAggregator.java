package dev.plimsoll.core.aggregate;

import dev.plimsoll.core.concurrency.ConcurrencyWindow;
import dev.plimsoll.core.concurrency.ConcurrencyWindows;
import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.core.users.DistinctUsers;
import dev.plimsoll.core.users.UserIdHash;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Routes request events into the in-memory aggregates of every {@code service_minute} row they
 * count in, so that a stream processor touches its state store once per flush rather than once per
 * event.
 *
 * <h2>Routing</h2>
 *
 * An event of service {@code S}, operation {@code O}, tenant {@code T}, starting in window {@code
 * W}, counts in the rows {@code (T, S, O, W)}, {@code (T, S, "", W)}, {@code ("", S, O, W)} and
 * {@code ("", S, "", W)}: {@code tenant = ""} is the all-tenants view, {@code operation = ""} the
 * whole-service view. Without a tenant (null or empty) only the two all-tenants rows; with an empty
 * operation only the whole-service rows. Only whole-service rows track distinct users. If the
 * request runs on past {@code W}, its in-flight slice is also added to the same rows of each later
 * window it overlaps (with a count of 0 there): peak and mean in-flight of every window see every
 * request in flight during it, including ones that started before it.
 *
 * <h2>Memory</h2>
 *
 * One {@link ServiceMinuteAggregate} per distinct row key until {@link #drain()}; bound it by
 * draining on a schedule (e.g. every commit interval).
 *
 * <h2>Thread-safety</h2>
 *
 * Not thread-safe: one instance per stream task.
 */
public final class ServiceMinutePreAggregator {

    private final long windowLengthMicros;
    private final int userCap;
    private Map<ServiceMinuteKey, ServiceMinuteAggregate> aggregates = new HashMap<>();

    /** One-minute windows and {@link DistinctUsers#DEFAULT_CAP}. */
    public ServiceMinutePreAggregator() {
        this(ConcurrencyWindow.ONE_MINUTE_MICROS, DistinctUsers.DEFAULT_CAP);
    }

    /**
     * @param windowLengthMicros the window length in microseconds, {@code 1 ..} {@link
     *     Integer#MAX_VALUE}
     * @param userCap the distinct-users cap of whole-service rows, {@code >= 1}
     * @throws IllegalArgumentException if an argument is out of range
     */
    public ServiceMinutePreAggregator(long windowLengthMicros, int userCap) {
        ConcurrencyWindow.requireLength(windowLengthMicros);
        if (userCap < 1) {
            throw new IllegalArgumentException("userCap must be >= 1, but was " + userCap);
        }
        this.windowLengthMicros = windowLengthMicros;
        this.userCap = userCap;
    }

    /** The window length in microseconds. */
    public long windowLengthMicros() {
        return windowLengthMicros;
    }

    /** Routes one event into all its rows and windows (see the class documentation). */
    public void add(RequestEvent event) {
        add(event, Long.MIN_VALUE);
    }

    /**
     * Routes one event, skipping windows that start before {@code earliestOpenWindowMicros}
     * (windows a stream processor has already closed).
     *
     * @param event the event
     * @param earliestOpenWindowMicros the start of the earliest window still open, epoch µs
     * @return whether the event's own (start) window was open, so that the event was counted; if
     *     not, only in-flight slices of later, open windows were added
     */
    public boolean add(RequestEvent event, long earliestOpenWindowMicros) {
        return add(event, earliestOpenWindowMicros, Long.MAX_VALUE);
    }

    /**
     * Routes the part of one event that falls into the windows starting in {@code
     * [fromWindowMicros, toWindowMicros)}: the request itself (count, latency, users) if its start
     * window is among them, and its in-flight slices of those of the later windows it overlaps.
     * Splitting an event's windows into disjoint ranges and routing each range into its own
     * pre-aggregator gives, window by window, exactly the rows {@link #add(RequestEvent)} gives —
     * how a stream processor sends the windows it has already written to a correction and the
     * others to their open windows.
     *
     * @param event the event
     * @param fromWindowMicros first window start included, epoch µs
     * @param toWindowMicros first window start excluded, epoch µs
     * @return whether the event's own (start) window was in the range, so that the event was
     *     counted here
     */
    public boolean add(RequestEvent event, long fromWindowMicros, long toWindowMicros) {
        long start = event.startMicros();
        long end = event.endMicros();
        long window = ConcurrencyWindows.windowStart(start, windowLengthMicros);
        String tenant = event.tenant() == null ? "" : event.tenant();
        String service = event.service();
        String operation = event.operation();
        boolean counted = window >= fromWindowMicros && window < toWindowMicros;
        if (counted) {
            double ms = event.durationMs();
            boolean error = event.error();
            boolean hasUser = event.userId() != null;
            long userHash = hasUser ? UserIdHash.hash(event.userId()) : 0L;
            aggregate(ServiceMinuteKey.ALL_TENANTS, service, ServiceMinuteKey.WHOLE_SERVICE, window)
                    .addRequest(start, end, ms, error, hasUser, userHash);
            if (!operation.isEmpty()) {
                aggregate(ServiceMinuteKey.ALL_TENANTS, service, operation, window)
                        .addRequest(start, end, ms, error, false, 0L);
            }
            if (!tenant.isEmpty()) {
                aggregate(tenant, service, ServiceMinuteKey.WHOLE_SERVICE, window)
                        .addRequest(start, end, ms, error, hasUser, userHash);
                if (!operation.isEmpty()) {
                    aggregate(tenant, service, operation, window)
                            .addRequest(start, end, ms, error, false, 0L);
                }
            }
        }
        // In-flight slices of later windows.
        long firstSlice = Math.max(window + windowLengthMicros, fromWindowMicros);
        if (firstSlice > window + windowLengthMicros) {
            // the first later window at or after fromWindowMicros
            firstSlice =
                    window
                            + Math.floorDiv(
                                            fromWindowMicros - window + windowLengthMicros - 1,
                                            windowLengthMicros)
                                    * windowLengthMicros;
        }
        long stop = Math.min(end, toWindowMicros);
        for (long w = firstSlice; w < stop; w += windowLengthMicros) {
            aggregate(ServiceMinuteKey.ALL_TENANTS, service, ServiceMinuteKey.WHOLE_SERVICE, w)
                    .addInFlight(start, end);
            if (!operation.isEmpty()) {
                aggregate(ServiceMinuteKey.ALL_TENANTS, service, operation, w)
                        .addInFlight(start, end);
            }
            if (!tenant.isEmpty()) {
                aggregate(tenant, service, ServiceMinuteKey.WHOLE_SERVICE, w)
                        .addInFlight(start, end);
                if (!operation.isEmpty()) {
                    aggregate(tenant, service, operation, w).addInFlight(start, end);
                }
            }
        }
        return counted;
    }

    private ServiceMinuteAggregate aggregate(
            String tenant, String service, String operation, long window) {
        ServiceMinuteKey key = new ServiceMinuteKey(tenant, service, operation, window);
        ServiceMinuteAggregate aggregate = aggregates.get(key);
        if (aggregate == null) {
            aggregate =
                    new ServiceMinuteAggregate(
                            window, windowLengthMicros, operation.isEmpty() ? userCap : 0);
            aggregates.put(key, aggregate);
        }
        return aggregate;
    }

    /** The row keys an event counts in (its start window only), in routing order. */
    public static List<ServiceMinuteKey> rowKeys(RequestEvent event, long windowLengthMicros) {
        long window = ConcurrencyWindows.windowStart(event.startMicros(), windowLengthMicros);
        String tenant = event.tenant() == null ? "" : event.tenant();
        List<ServiceMinuteKey> keys = new ArrayList<>(4);
        keys.add(new ServiceMinuteKey("", event.service(), "", window));
        if (!event.operation().isEmpty()) {
            keys.add(new ServiceMinuteKey("", event.service(), event.operation(), window));
        }
        if (!tenant.isEmpty()) {
            keys.add(new ServiceMinuteKey(tenant, event.service(), "", window));
            if (!event.operation().isEmpty()) {
                keys.add(new ServiceMinuteKey(tenant, event.service(), event.operation(), window));
            }
        }
        return keys;
    }

    /** The number of row aggregates held. */
    public int size() {
        return aggregates.size();
    }

    /** The aggregates held, by row key (an unmodifiable live view). */
    public Map<ServiceMinuteKey, ServiceMinuteAggregate> aggregates() {
        return Collections.unmodifiableMap(aggregates);
    }

    /**
     * Hands over everything aggregated so far and starts empty: merge the result into the state
     * store ({@link ServiceMinuteAggregate#merge}).
     *
     * @return the aggregates by row key; owned by the caller
     */
    public Map<ServiceMinuteKey, ServiceMinuteAggregate> drain() {
        Map<ServiceMinuteKey, ServiceMinuteAggregate> drained = aggregates;
        aggregates = new HashMap<>();
        return drained;
    }
}
