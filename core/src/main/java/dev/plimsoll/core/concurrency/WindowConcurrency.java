package dev.plimsoll.core.concurrency;

/**
 * The concurrency of one window: what the {@code service_minute} row stores as {@code
 * peak_inflight} and {@code inflight_ms}. Immutable.
 *
 * @param windowStartMicros window start, epoch microseconds (inclusive)
 * @param windowLengthMicros window length in microseconds
 * @param peakInFlight the largest number of requests in flight at any instant of the window
 * @param inFlightMicros Σ of each request's overlap with the window, in microseconds (exact)
 */
public record WindowConcurrency(
        long windowStartMicros, long windowLengthMicros, int peakInFlight, long inFlightMicros) {

    public WindowConcurrency {
        ConcurrencyWindows.requireLength(windowLengthMicros);
        if (peakInFlight < 0 || inFlightMicros < 0) {
            throw new IllegalArgumentException(
                    "peakInFlight and inFlightMicros must be >= 0, but were "
                            + peakInFlight
                            + " and "
                            + inFlightMicros);
        }
    }

    /** Σ overlap in milliseconds (the {@code inflight_ms} column). */
    public double inFlightMs() {
        return inFlightMicros / 1000.0;
    }

    /** Mean number of requests in flight over the window: overlap ÷ window length. */
    public double meanInFlight() {
        return (double) inFlightMicros / windowLengthMicros;
    }
}
