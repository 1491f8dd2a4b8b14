package dev.plimsoll.core.alert.eval;

import dev.plimsoll.core.latency.LatencyHistogram;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The stored data of one series for one minute or one hour: what a {@code service_minute} row (or a
 * {@code service_hour} rollup row) holds, with the latency buckets as a histogram. Users are not
 * here: distinct users do not add up across slices.
 *
 * @param start epoch second of the slice's start
 * @param seconds the slice's length: 60 or 3600
 * @param count requests started in the slice
 * @param errors of which failed
 * @param latency their latencies (empty when {@code count} is 0); not modified by readers
 * @param peakInflight the most requests in flight at once
 * @param inflightMs the summed in-flight time
 * @param cost the summed cost (cost metrics), or {@code null}
 */
public record Slice(
        long start,
        int seconds,
        long count,
        long errors,
        LatencyHistogram latency,
        long peakInflight,
        double inflightMs,
        BigDecimal cost) {

    public Slice {
        Objects.requireNonNull(latency, "latency");
        if (seconds != 60 && seconds != 3600) {
            throw new IllegalArgumentException(
                    "a slice is a minute or an hour, not " + seconds + " s");
        }
        if (start % seconds != 0) {
            throw new IllegalArgumentException(
                    "slice start " + start + " is not aligned to " + seconds + " s");
        }
    }

    /** A request slice without cost. */
    public static Slice of(
            long start,
            int seconds,
            long count,
            long errors,
            LatencyHistogram latency,
            long peak,
            double inflightMs) {
        return new Slice(start, seconds, count, errors, latency, peak, inflightMs, null);
    }
}
