package dev.plimsoll.core.concurrency;

import java.util.ArrayList;
import java.util.List;

/**
 * Window arithmetic for the concurrency sweep: which windows a request overlaps and what it
 * contributes to each. Stateless and thread-safe.
 */
public final class ConcurrencyWindows {

    private ConcurrencyWindows() {}

    /** Receives one window a request overlaps; see {@link #forEachWindow}. */
    @FunctionalInterface
    public interface SliceConsumer {
        /**
         * @param windowStartMicros the window start, epoch microseconds
         * @param sliceStartMicros the request's start clipped to the window
         * @param sliceEndMicros the request's end clipped to the window (exclusive)
         */
        void accept(long windowStartMicros, long sliceStartMicros, long sliceEndMicros);
    }

    /**
     * The start of the window containing {@code micros}, for windows aligned to the epoch (so
     * one-minute windows start on whole UTC minutes). Correct for negative times.
     *
     * @param micros an instant, epoch microseconds
     * @param windowLengthMicros the window length, {@code > 0}
     * @return the window start, {@code <= micros}
     */
    public static long windowStart(long micros, long windowLengthMicros) {
        requireLength(windowLengthMicros);
        return Math.floorDiv(micros, windowLengthMicros) * windowLengthMicros;
    }

    /**
     * The number of windows the request {@code [start, end)} overlaps: 1 for a zero-length request
     * and for one inside a window, 2 for one that crosses one window edge, and so on.
     */
    public static long windowCount(long startMicros, long endMicros, long windowLengthMicros) {
        requireInterval(startMicros, endMicros);
        long first = windowStart(startMicros, windowLengthMicros);
        if (endMicros == startMicros) {
            return 1;
        }
        long last = windowStart(endMicros - 1, windowLengthMicros);
        return (last - first) / windowLengthMicros + 1;
    }

    /**
     * Calls {@code consumer} once per window that {@code [start, end)} overlaps, in time order,
     * with the clipped interval; allocation-free. The overlaps sum to {@code end - start}.
     *
     * @throws IllegalArgumentException if {@code end < start} or the length is not positive
     */
    public static void forEachWindow(
            long startMicros, long endMicros, long windowLengthMicros, SliceConsumer consumer) {
        requireInterval(startMicros, endMicros);
        long window = windowStart(startMicros, windowLengthMicros);
        if (startMicros == endMicros) {
            consumer.accept(window, startMicros, endMicros);
            return;
        }
        long from = startMicros;
        while (from < endMicros) {
            long windowEnd = window + windowLengthMicros;
            long to = Math.min(endMicros, windowEnd);
            consumer.accept(window, from, to);
            from = to;
            window = windowEnd;
        }
    }

    /**
     * The per-window contributions of a request, in time order (see {@link #forEachWindow}).
     *
     * @return a new list of slices, one per overlapped window
     */
    public static List<WindowSlice> slices(
            long startMicros, long endMicros, long windowLengthMicros) {
        List<WindowSlice> slices = new ArrayList<>();
        forEachWindow(
                startMicros,
                endMicros,
                windowLengthMicros,
                (w, s, e) -> slices.add(new WindowSlice(w, s, e)));
        return slices;
    }

    /** Rejects a window length that is not positive. */
    static void requireLength(long windowLengthMicros) {
        if (windowLengthMicros <= 0) {
            throw new IllegalArgumentException(
                    "windowLengthMicros must be > 0, but was " + windowLengthMicros);
        }
    }

    /** Rejects a request that ends before it starts. */
    static void requireInterval(long startMicros, long endMicros) {
        if (endMicros < startMicros) {
            throw new IllegalArgumentException(
                    "A request cannot end before it starts: start "
                            + startMicros
                            + " µs, end "
                            + endMicros
                            + " µs.");
        }
    }
}
