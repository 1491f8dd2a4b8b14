package dev.plimsoll.streams.row;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The final aggregate of one (tenant, service, operation, minute) window: a value of topic {@code
 * metrics.service-minute.v1} and one row of ClickHouse table {@code service_minute}.
 *
 * <p>{@code tenant = ""} is the all-tenants view, {@code operation = ""} the whole-service view
 * (see the V0001 migration). A row with {@code count = 0} carries only concurrency: requests that
 * started in an earlier minute and were still in flight in this one. Such a row has no latency
 * range, so {@link #minMs()} is {@code +Infinity} (the identity of {@code min}) and {@link
 * #maxMs()} is {@code 0}, which keeps the {@code min}/{@code max} rollups right.
 *
 * @param tenant the tenant, {@code ""} for all tenants
 * @param service the service
 * @param operation the operation, {@code ""} for the whole service
 * @param minute start of the minute (UTC, whole minute)
 * @param count requests that started in this minute
 * @param errors of which failed
 * @param sumMs sum of their durations
 * @param minMs shortest duration, {@code +Infinity} when {@code count = 0}
 * @param maxMs longest duration, {@code 0} when {@code count = 0}
 * @param zeroCount durations below the histogram's smallest bucket
 * @param buckets latency histogram bucket index to count (core's storage contract)
 * @param peakInflight highest number of requests in flight at once during the minute
 * @param inflightMs sum over requests of their overlap with the minute, in ms
 * @param users distinct user-id hashes (unsigned 64-bit values in a {@code long}); only on {@code
 *     operation = ""} rows, empty elsewhere
 * @param usersSampleShift 0 when {@code users} is the complete set; {@code s > 0} when the minute
 *     had more distinct users than core's cap and {@code users} holds only the hashes whose top
 *     {@code s} bits are zero, a uniform 1-in-2<sup>s</sup> sample (ADR 0002)
 * @param correction 0 for the row written when the minute closed; for a <em>correction</em> — the
 *     late events of a minute already written, ADR 0011 — the start of the minute of the job's
 *     clock in which they arrived, epoch seconds (a whole minute). All fields above then describe
 *     those late events only; readers add the rows of a minute up. (tenant, service, operation,
 *     minute, correction) identifies a row
 */
public record ServiceMinuteRow(
        String tenant,
        String service,
        String operation,
        Instant minute,
        long count,
        long errors,
        double sumMs,
        double minMs,
        double maxMs,
        long zeroCount,
        Map<Integer, Long> buckets,
        int peakInflight,
        double inflightMs,
        long[] users,
        int usersSampleShift,
        long correction) {

    /** Largest sampling shift: core's {@code DistinctUsers} never goes beyond 63. */
    public static final int MAX_USERS_SAMPLE_SHIFT = 63;

    public ServiceMinuteRow {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(minute, "minute");
        if (minute.getEpochSecond() % 60 != 0 || minute.getNano() != 0) {
            throw new IllegalArgumentException("minute must be a whole UTC minute, was " + minute);
        }
        if (count < 0 || errors < 0 || errors > count || zeroCount < 0 || peakInflight < 0) {
            throw new IllegalArgumentException(
                    "counts must satisfy 0 <= errors <= count, zeroCount >= 0, peakInflight >= 0;"
                            + " were count="
                            + count
                            + ", errors="
                            + errors
                            + ", zeroCount="
                            + zeroCount
                            + ", peakInflight="
                            + peakInflight);
        }
        if (usersSampleShift < 0 || usersSampleShift > MAX_USERS_SAMPLE_SHIFT) {
            throw new IllegalArgumentException(
                    "usersSampleShift must be between 0 and "
                            + MAX_USERS_SAMPLE_SHIFT
                            + ", was "
                            + usersSampleShift);
        }
        if (correction < 0 || correction % 60 != 0) {
            throw new IllegalArgumentException(
                    "correction must be 0 or a whole minute in epoch seconds, was " + correction);
        }
        buckets = Collections.unmodifiableMap(new TreeMap<>(buckets));
        users = users.clone();
    }

    /** A row written when its minute closed ({@code correction = 0}). */
    public ServiceMinuteRow(
            String tenant,
            String service,
            String operation,
            Instant minute,
            long count,
            long errors,
            double sumMs,
            double minMs,
            double maxMs,
            long zeroCount,
            Map<Integer, Long> buckets,
            int peakInflight,
            double inflightMs,
            long[] users,
            int usersSampleShift) {
        this(
                tenant,
                service,
                operation,
                minute,
                count,
                errors,
                sumMs,
                minMs,
                maxMs,
                zeroCount,
                buckets,
                peakInflight,
                inflightMs,
                users,
                usersSampleShift,
                0);
    }

    /** Whether this row is a correction: late events of a minute already written. */
    public boolean isCorrection() {
        return correction != 0;
    }

    @Override
    public long[] users() {
        return users.clone();
    }

    /** The number of user hashes, without copying them. */
    public int userCount() {
        return users.length;
    }

    /** The user hash at {@code index}, without copying the array. */
    public long user(int index) {
        return users[index];
    }

    /** Whether this row only carries concurrency of requests that started earlier. */
    public boolean concurrencyOnly() {
        return count == 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServiceMinuteRow r
                && tenant.equals(r.tenant)
                && service.equals(r.service)
                && operation.equals(r.operation)
                && minute.equals(r.minute)
                && count == r.count
                && errors == r.errors
                && Double.compare(sumMs, r.sumMs) == 0
                && Double.compare(minMs, r.minMs) == 0
                && Double.compare(maxMs, r.maxMs) == 0
                && zeroCount == r.zeroCount
                && buckets.equals(r.buckets)
                && peakInflight == r.peakInflight
                && Double.compare(inflightMs, r.inflightMs) == 0
                && Arrays.equals(users, r.users)
                && usersSampleShift == r.usersSampleShift
                && correction == r.correction;
    }

    @Override
    public int hashCode() {
        return Objects.hash(tenant, service, operation, minute, count, buckets, correction)
                + 31 * Arrays.hashCode(users);
    }

    @Override
    public String toString() {
        return "ServiceMinuteRow[tenant="
                + tenant
                + ", service="
                + service
                + ", operation="
                + operation
                + ", minute="
                + minute
                + ", count="
                + count
                + ", errors="
                + errors
                + ", sumMs="
                + sumMs
                + ", minMs="
                + minMs
                + ", maxMs="
                + maxMs
                + ", zeroCount="
                + zeroCount
                + ", buckets="
                + buckets.size()
                + " entries, peakInflight="
                + peakInflight
                + ", inflightMs="
                + inflightMs
                + ", users="
                + users.length
                + ", usersSampleShift="
                + usersSampleShift
                + (correction == 0 ? "" : ", correction=" + Instant.ofEpochSecond(correction))
                + "]";
    }
}
