package dev.plimsoll.core.aggregate;

import dev.plimsoll.core.DecodingException;
import dev.plimsoll.core.concurrency.ConcurrencyWindow;
import dev.plimsoll.core.concurrency.WindowConcurrency;
import dev.plimsoll.core.latency.LatencyHistogram;
import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.core.users.DistinctUsers;
import dev.plimsoll.core.users.UserIdHash;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * The in-memory aggregate of one {@code service_minute} row: request and error counts, the latency
 * histogram, the window's concurrency and (on whole-service rows) the distinct users. Mergeable, so
 * partial aggregates (per task, per flush) combine into the final row.
 *
 * <p>Requests are counted in the window in which they <em>start</em> ({@link
 * #addRequest(RequestEvent)}); a request that runs on into later windows adds only its in-flight
 * slice to those ({@link #addInFlight(long, long)}), so a window can have in-flight time and a peak
 * but a count of 0. {@link ServiceMinutePreAggregator} does this routing.
 *
 * <h2>Accuracy</h2>
 *
 * Counts, errors, sum, min, max, overlap and peak are exact; latency quantiles are within 1 % (see
 * {@link LatencyHistogram}); users are exact below their cap (see {@link DistinctUsers}).
 *
 * <h2>Memory</h2>
 *
 * The sum of its parts: histogram at most 11.2 KB (typically under 7 KB), concurrency at most
 * {@code 16 B × D + 8 B × max(4 096, D)} for {@code D} distinct request boundaries in the window
 * (see {@link ConcurrencyWindow}), users at most 16 bytes per distinct user up to the cap.
 *
 * <h2>Thread-safety</h2>
 *
 * Not thread-safe: confine an instance to one thread (a stream task) or synchronize externally.
 */
public final class ServiceMinuteAggregate {

    private static final byte ENCODING_VERSION = 1;

    private final long windowStartMicros;
    private final long windowLengthMicros;
    private final LatencyHistogram latency;
    private final ConcurrencyWindow concurrency;
    private final DistinctUsers users;
    private long count;
    private long errors;

    /**
     * An empty aggregate.
     *
     * @param windowStartMicros the window start, epoch microseconds
     * @param windowLengthMicros the window length in microseconds (60 000 000 for a minute)
     * @param userCap the distinct-users cap (see {@link DistinctUsers}), or 0 not to track users
     *     (operation rows)
     * @throws IllegalArgumentException if the window length or the cap is out of range
     */
    public ServiceMinuteAggregate(long windowStartMicros, long windowLengthMicros, int userCap) {
        this(
                new ConcurrencyWindow(windowStartMicros, windowLengthMicros),
                new LatencyHistogram(),
                userCap == 0 ? null : new DistinctUsers(userCap),
                0,
                0);
    }

    private ServiceMinuteAggregate(
            ConcurrencyWindow concurrency,
            LatencyHistogram latency,
            DistinctUsers users,
            long count,
            long errors) {
        this.windowStartMicros = concurrency.windowStartMicros();
        this.windowLengthMicros = concurrency.windowLengthMicros();
        this.concurrency = concurrency;
        this.latency = latency;
        this.users = users;
        this.count = count;
        this.errors = errors;
    }

    /**
     * Counts a request that starts in this window: count, error, latency, its in-flight slice of
     * this window and its user.
     *
     * @throws IllegalArgumentException if the request does not start in this window
     */
    public void addRequest(RequestEvent event) {
        addRequest(
                event.startMicros(),
                event.endMicros(),
                event.durationMs(),
                event.error(),
                event.userId());
    }

    /**
     * Counts a request that starts in this window (the primitive form of {@link
     * #addRequest(RequestEvent)}).
     *
     * @param startMicros request start, epoch microseconds, within this window
     * @param endMicros request end, epoch microseconds, {@code >= startMicros}
     * @param durationMs the latency to record, milliseconds
     * @param error whether the request failed
     * @param userId the user, or {@code null}; ignored when this row does not track users
     * @throws IllegalArgumentException if the request does not start in this window, or the
     *     interval or duration is invalid
     */
    public void addRequest(
            long startMicros, long endMicros, double durationMs, boolean error, String userId) {
        boolean hasUser = users != null && userId != null;
        addRequest(
                startMicros,
                endMicros,
                durationMs,
                error,
                hasUser,
                hasUser ? UserIdHash.hash(userId) : 0L);
    }

    /** As above with the user id already hashed ({@link UserIdHash}), hashing once per event. */
    void addRequest(
            long startMicros,
            long endMicros,
            double durationMs,
            boolean error,
            boolean hasUser,
            long userHash) {
        if (startMicros < windowStartMicros
                || startMicros - windowStartMicros >= windowLengthMicros) {
            throw new IllegalArgumentException(
                    "A request starting at "
                            + startMicros
                            + " µs does not belong to the window starting at "
                            + windowStartMicros
                            + " µs; add it to its own window and only its in-flight slice here.");
        }
        latency.record(durationMs);
        concurrency.add(startMicros, endMicros);
        count++;
        if (error) {
            errors++;
        }
        if (users != null && hasUser) {
            users.add(userHash);
        }
    }

    /**
     * Adds the in-flight time of a request that started in an earlier window (or any interval);
     * only its part inside this window counts, and nothing else about the request.
     *
     * @return whether the interval overlaps this window
     * @throws IllegalArgumentException if {@code endMicros < startMicros}
     */
    public boolean addInFlight(long startMicros, long endMicros) {
        return concurrency.add(startMicros, endMicros);
    }

    /**
     * Adds a partial aggregate of the same window.
     *
     * @param other the same window (start and length) and the same user tracking; not modified
     *     logically
     * @throws IllegalArgumentException if the windows or user tracking differ
     */
    public void merge(ServiceMinuteAggregate other) {
        if ((users == null) != (other.users == null)) {
            throw new IllegalArgumentException(
                    "Cannot merge an aggregate that tracks users with one that does not.");
        }
        concurrency.merge(other.concurrency);
        latency.merge(other.latency);
        if (users != null) {
            users.merge(other.users);
        }
        count += other.count;
        errors += other.errors;
    }

    /** The window start, epoch microseconds. */
    public long windowStartMicros() {
        return windowStartMicros;
    }

    /** The window length in microseconds. */
    public long windowLengthMicros() {
        return windowLengthMicros;
    }

    /** Requests that started in this window. */
    public long count() {
        return count;
    }

    /** Failed requests among {@link #count()}. */
    public long errors() {
        return errors;
    }

    /** The latency histogram of the requests counted here (live, not a copy). */
    public LatencyHistogram latency() {
        return latency;
    }

    /** The concurrency state (live, not a copy). */
    public ConcurrencyWindow concurrency() {
        return concurrency;
    }

    /** Peak in-flight and Σ overlap of this window ({@code peak_inflight}, {@code inflight_ms}). */
    public WindowConcurrency concurrencyResult() {
        return concurrency.result();
    }

    /** Whether this row tracks distinct users (whole-service rows). */
    public boolean tracksUsers() {
        return users != null;
    }

    /**
     * The distinct users (live, not a copy).
     *
     * @throws IllegalStateException if this row does not track users
     */
    public DistinctUsers users() {
        if (users == null) {
            throw new IllegalStateException("This aggregate does not track users.");
        }
        return users;
    }

    /** Whether nothing at all was added (no request, no in-flight slice). */
    public boolean isEmpty() {
        return count == 0 && concurrency.isEmpty();
    }

    /**
     * The {@code min_ms} column value: the exact minimum latency, or {@code +Infinity} for a row
     * with in-flight time but no request started in it, so that {@code min(min_ms)} over a range
     * stays right.
     */
    public double minMsForRow() {
        return latency.isEmpty() ? Double.POSITIVE_INFINITY : latency.min();
    }

    /**
     * The {@code max_ms} column value: the exact maximum latency, or {@code 0} for a row with
     * in-flight time but no request started in it.
     */
    public double maxMsForRow() {
        return latency.isEmpty() ? 0 : latency.max();
    }

    /** Bytes needed by {@link #writeTo(ByteBuffer)}. */
    public int encodedSize() {
        return 1
                + 8
                + 8
                + 1
                + latency.encodedSize()
                + concurrency.encodedSize()
                + (users == null ? 0 : users.encodedSize());
    }

    /**
     * Writes a compact binary form (for Kafka Streams state stores and changelogs), read back by
     * {@link #readFrom(ByteBuffer)}.
     */
    public void writeTo(ByteBuffer out) {
        out.put(ENCODING_VERSION);
        out.putLong(count);
        out.putLong(errors);
        out.put((byte) (users == null ? 0 : 1));
        concurrency.writeTo(out);
        latency.writeTo(out);
        if (users != null) {
            users.writeTo(out);
        }
    }

    /** The binary form as a new array (see {@link #writeTo(ByteBuffer)}). */
    public byte[] toBytes() {
        ByteBuffer buffer = ByteBuffer.allocate(encodedSize());
        writeTo(buffer);
        return buffer.array();
    }

    /**
     * Reads an aggregate written by {@link #writeTo(ByteBuffer)}.
     *
     * @throws DecodingException if the bytes are truncated or inconsistent
     */
    public static ServiceMinuteAggregate readFrom(ByteBuffer in) throws DecodingException {
        try {
            byte version = in.get();
            if (version != ENCODING_VERSION) {
                throw new DecodingException(
                        "Unknown service-minute aggregate encoding version " + version + ".");
            }
            long count = in.getLong();
            long errors = in.getLong();
            byte hasUsers = in.get();
            if (count < 0 || errors < 0 || errors > count || (hasUsers != 0 && hasUsers != 1)) {
                throw new DecodingException(
                        "Service-minute aggregate header is inconsistent: count "
                                + count
                                + ", errors "
                                + errors
                                + ".");
            }
            ConcurrencyWindow concurrency = ConcurrencyWindow.readFrom(in);
            LatencyHistogram latency = LatencyHistogram.readFrom(in);
            if (latency.count() != count) {
                throw new DecodingException(
                        "Service-minute aggregate count "
                                + count
                                + " differs from its latency count "
                                + latency.count()
                                + ".");
            }
            DistinctUsers users = hasUsers == 1 ? DistinctUsers.readFrom(in) : null;
            return new ServiceMinuteAggregate(concurrency, latency, users, count, errors);
        } catch (BufferUnderflowException e) {
            throw new DecodingException("Service-minute aggregate encoding is truncated.", e);
        }
    }

    /** Reads an aggregate from {@link #toBytes()}; the whole array must be one aggregate. */
    public static ServiceMinuteAggregate fromBytes(byte[] bytes) throws DecodingException {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        ServiceMinuteAggregate aggregate = readFrom(in);
        if (in.hasRemaining()) {
            throw new DecodingException(
                    "Service-minute aggregate encoding has " + in.remaining() + " trailing bytes.");
        }
        return aggregate;
    }

    @Override
    public String toString() {
        return "ServiceMinuteAggregate{windowStart="
                + windowStartMicros
                + ", count="
                + count
                + ", errors="
                + errors
                + ", latency="
                + latency
                + ", concurrency="
                + concurrency
                + (users == null ? "" : ", users=" + users)
                + "}";
    }
}
