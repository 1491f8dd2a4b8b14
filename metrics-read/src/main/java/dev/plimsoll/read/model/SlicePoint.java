package dev.plimsoll.read.model;

import java.util.Map;

/**
 * Everything additive a point holds, merged exactly: request and error counts, the latency buckets
 * (core's bucket keys → counts, ClickHouse {@code sumMap}), the exact minimum and maximum latency,
 * the peak and summed in-flight time. The alert evaluator rebuilds core's {@code LatencyHistogram}
 * from it and merges points into rolling windows in memory (a percentile over any window from
 * merged buckets, never an average); the API could serve it as a heatmap.
 *
 * @param t the point's start, epoch second
 * @param count requests that started in the point
 * @param errors failed requests among them
 * @param zeroCount latencies below 1 µs
 * @param sumMs summed latency
 * @param minMs smallest latency (meaningless when {@code count} is 0)
 * @param maxMs largest latency (meaningless when {@code count} is 0)
 * @param buckets latency bucket key → count
 * @param peakInflight the most requests in flight at once
 * @param inflightMs summed in-flight time
 */
public record SlicePoint(
        long t,
        long count,
        long errors,
        long zeroCount,
        double sumMs,
        double minMs,
        double maxMs,
        Map<Integer, Long> buckets,
        long peakInflight,
        double inflightMs) {

    public SlicePoint {
        buckets = Map.copyOf(buckets);
    }
}
