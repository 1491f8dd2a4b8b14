package dev.plimsoll.core.concurrency;

/**
 * The part of one request that falls into one window: {@code [startMicros, endMicros)}, clipped to
 * {@code [windowStartMicros, windowStartMicros + window length)}. A zero-length request has one
 * slice with {@code startMicros == endMicros}. Immutable.
 *
 * @param windowStartMicros start of the window, epoch microseconds
 * @param startMicros start of the clipped interval, epoch microseconds
 * @param endMicros end of the clipped interval (exclusive), epoch microseconds
 */
public record WindowSlice(long windowStartMicros, long startMicros, long endMicros) {

    public WindowSlice {
        if (endMicros < startMicros || startMicros < windowStartMicros) {
            throw new IllegalArgumentException(
                    "A window slice needs windowStart <= start <= end, but was "
                            + windowStartMicros
                            + ", "
                            + startMicros
                            + ", "
                            + endMicros);
        }
    }

    /** This slice's contribution to the window's overlap ({@code inflight_ms × 1000}). */
    public long overlapMicros() {
        return endMicros - startMicros;
    }
}
