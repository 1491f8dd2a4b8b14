package dev.plimsoll.core.concurrency;

import dev.plimsoll.core.DecodingException;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Peak and mean in-flight requests of one time window {@code [windowStart, windowStart + length)},
 * built incrementally from request intervals {@code [startMicros, endMicros)} that may arrive in
 * any order.
 *
 * <h2>Definitions</h2>
 *
 * <ul>
 *   <li>A request is in flight at instant {@code t} when {@code start <= t < end}: a request that
 *       ends at {@code t} and one that starts at {@code t} do not overlap.
 *   <li><b>Peak in-flight</b>: the largest number of requests in flight at any microsecond {@code
 *       t} of the window. A request that started before the window is in flight from the window
 *       start on; one that ends after it, until the window end.
 *   <li><b>Zero-length request</b> ({@code start == end}): in flight for the single instant {@code
 *       start}, so it counts in the peak at that instant (together with everything else in flight
 *       then), and contributes nothing to the overlap. It belongs to the window containing {@code
 *       start}.
 *   <li><b>Overlap</b> ({@link WindowConcurrency#inFlightMicros()}): the sum over requests of the
 *       length of {@code [start, end) ∩ window}; <b>mean in-flight</b> is overlap ÷ window length.
 * </ul>
 *
 * A request contributes to every window it overlaps: add it (unclipped) to each of them, e.g. via
 * {@link ConcurrencyWindows#forEachWindow}. Results depend only on the set of intervals added, not
 * on their order, and {@link #merge(ConcurrencyWindow)} of partial windows equals adding everything
 * to one.
 *
 * <h2>Memory</h2>
 *
 * Interval boundaries are appended to a primitive buffer (8 bytes each) and, when the buffer is as
 * large as the compacted part (at least 4 096 entries), sorted and coalesced into arrays of
 * distinct boundary instants (12 bytes each: offset, net start-minus-end count, zero-length count,
 * with at most a quarter of slack). So a window retains at most {@code 16 B × D + 8 B × max(4 096,
 * D)} (plus transient copies while compacting), where {@code D <= min(2 × requests, window length
 * in µs)} is the number of distinct boundary instants: at most 48 bytes per request, and with
 * millisecond-resolution timestamps at most 60 000 instants (≈ 1.4 MB) per one-minute window
 * whatever the request rate. A window with few requests costs about 0.6 KB. The overlap is an exact
 * {@code long} of microseconds. Amortized cost per added interval: O(log D).
 *
 * <h2>Thread-safety</h2>
 *
 * Not thread-safe: confine an instance to one thread or synchronize externally. Reading results or
 * merging compacts internal buffers (a logically read-only operation that still writes fields).
 */
public final class ConcurrencyWindow {

    /** Default window length: one minute in microseconds. */
    public static final long ONE_MINUTE_MICROS = 60_000_000L;

    private static final int MIN_PENDING = 4_096;
    private static final int KIND_END = 0;
    private static final int KIND_START = 1;
    private static final int KIND_INSTANT = 2;
    private static final byte ENCODING_VERSION = 1;

    private final long windowStartMicros;
    private final long windowLengthMicros;

    // Compacted: distinct offsets (µs from window start) in ascending order.
    private int[] offsets = new int[0];
    private int[] netStarts = new int[0];
    private int[] instants = new int[0];
    private int size;

    // Pending boundaries, (offset << 2) | kind, unsorted.
    private long[] pending = new long[0];
    private int pendingSize;

    private long inFlightMicros;
    private long requests;

    /**
     * An empty window.
     *
     * @param windowStartMicros the window start, epoch microseconds (inclusive)
     * @param windowLengthMicros the window length in microseconds, {@code 1 ..} {@link
     *     Integer#MAX_VALUE} (about 35.8 minutes)
     * @throws IllegalArgumentException if the length is out of range
     */
    public ConcurrencyWindow(long windowStartMicros, long windowLengthMicros) {
        requireLength(windowLengthMicros);
        this.windowStartMicros = windowStartMicros;
        this.windowLengthMicros = windowLengthMicros;
    }

    /**
     * Checks a window length for this class, for callers that take one before they make windows.
     *
     * @throws IllegalArgumentException unless it is {@code 1 ..} {@link Integer#MAX_VALUE}
     */
    public static void requireLength(long windowLengthMicros) {
        if (windowLengthMicros <= 0 || windowLengthMicros > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "windowLengthMicros must be between 1 and "
                            + Integer.MAX_VALUE
                            + " (about 35.8 minutes), but was "
                            + windowLengthMicros);
        }
    }

    /** The window start, epoch microseconds (inclusive). */
    public long windowStartMicros() {
        return windowStartMicros;
    }

    /** The window length in microseconds. */
    public long windowLengthMicros() {
        return windowLengthMicros;
    }

    /**
     * Adds one request interval; the part outside this window is ignored.
     *
     * @param startMicros request start, epoch microseconds
     * @param endMicros request end (exclusive), epoch microseconds, {@code >= startMicros}
     * @return whether the request is in flight at some instant of this window (so it was counted)
     * @throws IllegalArgumentException if {@code endMicros < startMicros}
     */
    public boolean add(long startMicros, long endMicros) {
        ConcurrencyWindows.requireInterval(startMicros, endMicros);
        long windowEnd = windowStartMicros + windowLengthMicros;
        if (startMicros == endMicros) {
            if (startMicros < windowStartMicros || startMicros >= windowEnd) {
                return false;
            }
            append(((startMicros - windowStartMicros) << 2) | KIND_INSTANT);
            requests++;
            return true;
        }
        if (startMicros >= windowEnd || endMicros <= windowStartMicros) {
            return false;
        }
        long from = Math.max(startMicros, windowStartMicros) - windowStartMicros;
        long to = Math.min(endMicros, windowEnd) - windowStartMicros;
        append((from << 2) | KIND_START);
        if (to < windowLengthMicros) {
            append((to << 2) | KIND_END);
        }
        inFlightMicros += to - from;
        requests++;
        return true;
    }

    private void append(long boundary) {
        if (pendingSize == pending.length) {
            int limit = Math.max(MIN_PENDING, size);
            if (pending.length >= limit) {
                compact();
            } else {
                pending = Arrays.copyOf(pending, Math.min(limit, Math.max(64, 2 * pending.length)));
            }
        }
        pending[pendingSize++] = boundary;
    }

    /** Sorts and coalesces pending boundaries into the compacted arrays. */
    private void compact() {
        if (pendingSize == 0) {
            return;
        }
        long[] sorted = radixSort(pending, pendingSize, windowLengthMicros << 2);
        // Coalesce pending into runs of equal offsets, then merge with the compacted arrays.
        int[] pOffsets = new int[pendingSize];
        int[] pNet = new int[pendingSize];
        int[] pInstants = new int[pendingSize];
        int p = -1;
        long lastOffset = -1;
        for (int i = 0; i < pendingSize; i++) {
            long b = sorted[i];
            long off = b >>> 2;
            int kind = (int) (b & 3);
            if (off != lastOffset) {
                p++;
                pOffsets[p] = (int) off;
                lastOffset = off;
            }
            if (kind == KIND_START) {
                pNet[p]++;
            } else if (kind == KIND_END) {
                pNet[p]--;
            } else {
                pInstants[p]++;
            }
        }
        mergeCompacted(pOffsets, pNet, pInstants, p + 1);
        pendingSize = 0;
    }

    private static final int RADIX_BITS = 11;
    private static final int RADIX = 1 << RADIX_BITS;

    /**
     * Sorts {@code a[0, n)} of non-negative keys below {@code bound} with an LSD radix sort (11-bit
     * digits: 3 passes for a one-minute window), several times faster than {@code Arrays.sort}
     * here. Returns the array holding the sorted keys: {@code a} itself or a scratch array.
     */
    private static long[] radixSort(long[] a, int n, long bound) {
        if (n < 64) {
            Arrays.sort(a, 0, n);
            return a;
        }
        int bits = 64 - Long.numberOfLeadingZeros(bound);
        long[] from = a;
        long[] to = new long[n];
        int[] counts = new int[RADIX];
        for (int shift = 0; shift < bits; shift += RADIX_BITS) {
            Arrays.fill(counts, 0);
            for (int i = 0; i < n; i++) {
                counts[(int) (from[i] >>> shift) & (RADIX - 1)]++;
            }
            if (counts[(int) (from[0] >>> shift) & (RADIX - 1)] == n) {
                continue; // every key has the same digit here
            }
            int sum = 0;
            for (int d = 0; d < RADIX; d++) {
                int c = counts[d];
                counts[d] = sum;
                sum += c;
            }
            for (int i = 0; i < n; i++) {
                long v = from[i];
                to[counts[(int) (v >>> shift) & (RADIX - 1)]++] = v;
            }
            long[] swap = from;
            from = to;
            to = swap;
        }
        return from;
    }

    private void mergeCompacted(int[] bOffsets, int[] bNet, int[] bInstants, int bSize) {
        int capacity = size + bSize;
        int[] mOffsets = new int[capacity];
        int[] mNet = new int[capacity];
        int[] mInstants = new int[capacity];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < size || j < bSize) {
            if (j >= bSize || (i < size && offsets[i] < bOffsets[j])) {
                mOffsets[k] = offsets[i];
                mNet[k] = netStarts[i];
                mInstants[k++] = instants[i++];
            } else if (i >= size || bOffsets[j] < offsets[i]) {
                mOffsets[k] = bOffsets[j];
                mNet[k] = bNet[j];
                mInstants[k++] = bInstants[j++];
            } else {
                mOffsets[k] = offsets[i];
                mNet[k] = netStarts[i++] + bNet[j];
                mInstants[k++] = instants[i - 1] + bInstants[j++];
            }
        }
        if (k < capacity - capacity / 4) {
            mOffsets = Arrays.copyOf(mOffsets, k);
            mNet = Arrays.copyOf(mNet, k);
            mInstants = Arrays.copyOf(mInstants, k);
        }
        offsets = mOffsets;
        netStarts = mNet;
        instants = mInstants;
        size = k;
    }

    /**
     * Adds everything of {@code other} (a partial state of the same window) to this window.
     *
     * @param other a window with the same start and length; its logical content is unchanged
     * @throws IllegalArgumentException if the windows differ
     */
    public void merge(ConcurrencyWindow other) {
        if (other.windowStartMicros != windowStartMicros
                || other.windowLengthMicros != windowLengthMicros) {
            throw new IllegalArgumentException(
                    "Cannot merge concurrency of window ["
                            + other.windowStartMicros
                            + " µs, +"
                            + other.windowLengthMicros
                            + " µs) into window ["
                            + windowStartMicros
                            + " µs, +"
                            + windowLengthMicros
                            + " µs).");
        }
        if (other == this) {
            throw new IllegalArgumentException("Cannot merge a concurrency window into itself.");
        }
        other.compact();
        compact();
        mergeCompacted(other.offsets, other.netStarts, other.instants, other.size);
        inFlightMicros += other.inFlightMicros;
        requests += other.requests;
    }

    /** The number of requests counted (those in flight at some instant of this window). */
    public long requestCount() {
        return requests;
    }

    /** Whether no request was counted. */
    public boolean isEmpty() {
        return requests == 0;
    }

    /** Σ of each counted request's overlap with the window, in microseconds (exact). */
    public long inFlightMicros() {
        return inFlightMicros;
    }

    /** The peak number of requests in flight at any instant of the window (0 when empty). */
    public int peakInFlight() {
        compact();
        long current = 0;
        long peak = 0;
        for (int i = 0; i < size; i++) {
            current += netStarts[i];
            long here = current + instants[i];
            if (here > peak) {
                peak = here;
            }
        }
        return (int) Math.min(peak, Integer.MAX_VALUE);
    }

    /** Peak, overlap and mean in-flight of this window. */
    public WindowConcurrency result() {
        return new WindowConcurrency(
                windowStartMicros, windowLengthMicros, peakInFlight(), inFlightMicros);
    }

    /**
     * The number of distinct boundary instants currently held (after compaction), the {@code D} of
     * the memory bound.
     */
    public int distinctBoundaries() {
        compact();
        return size;
    }

    /** Approximate bytes retained by this instance's arrays (for the memory bound and metrics). */
    public long retainedBytes() {
        return 12L * offsets.length + 8L * pending.length + 96;
    }

    /** Bytes needed by {@link #writeTo(ByteBuffer)}. */
    public int encodedSize() {
        compact();
        return 1 + 8 + 8 + 8 + 8 + 4 + 12 * size;
    }

    /**
     * Writes a compact binary form (for Kafka Streams state stores), read back by {@link
     * #readFrom(ByteBuffer)}.
     *
     * @param out a buffer with at least {@link #encodedSize()} bytes remaining
     */
    public void writeTo(ByteBuffer out) {
        compact();
        out.put(ENCODING_VERSION);
        out.putLong(windowStartMicros);
        out.putLong(windowLengthMicros);
        out.putLong(inFlightMicros);
        out.putLong(requests);
        out.putInt(size);
        for (int i = 0; i < size; i++) {
            out.putInt(offsets[i]);
            out.putInt(netStarts[i]);
            out.putInt(instants[i]);
        }
    }

    /**
     * Reads a window written by {@link #writeTo(ByteBuffer)}.
     *
     * @param in positioned at the encoding; advanced past it
     * @return the decoded window
     * @throws DecodingException if the bytes are truncated or inconsistent
     */
    public static ConcurrencyWindow readFrom(ByteBuffer in) throws DecodingException {
        try {
            byte version = in.get();
            if (version != ENCODING_VERSION) {
                throw new DecodingException(
                        "Unknown concurrency window encoding version " + version + ".");
            }
            long start = in.getLong();
            long length = in.getLong();
            if (length <= 0 || length > Integer.MAX_VALUE) {
                throw new DecodingException(
                        "Concurrency window length " + length + " µs is out of range.");
            }
            ConcurrencyWindow w = new ConcurrencyWindow(start, length);
            w.inFlightMicros = in.getLong();
            w.requests = in.getLong();
            int n = in.getInt();
            if (n < 0 || n > in.remaining() / 12 || w.inFlightMicros < 0 || w.requests < 0) {
                throw new DecodingException(
                        "Concurrency window has an invalid boundary count "
                                + n
                                + " or negative totals.");
            }
            w.offsets = new int[n];
            w.netStarts = new int[n];
            w.instants = new int[n];
            int previous = -1;
            for (int i = 0; i < n; i++) {
                int off = in.getInt();
                if (off <= previous || off >= length) {
                    throw new DecodingException(
                            "Concurrency window boundary offsets are not ascending within the"
                                    + " window at entry "
                                    + i
                                    + ".");
                }
                previous = off;
                w.offsets[i] = off;
                w.netStarts[i] = in.getInt();
                w.instants[i] = in.getInt();
            }
            w.size = n;
            return w;
        } catch (BufferUnderflowException e) {
            throw new DecodingException("Concurrency window encoding is truncated.", e);
        }
    }

    @Override
    public String toString() {
        return "ConcurrencyWindow{start="
                + windowStartMicros
                + ", length="
                + windowLengthMicros
                + ", requests="
                + requests
                + ", inFlightMicros="
                + inFlightMicros
                + "}";
    }
}
