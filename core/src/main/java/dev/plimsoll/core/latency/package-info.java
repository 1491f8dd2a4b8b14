/**
 * The mergeable latency histogram ({@link dev.plimsoll.core.latency.LatencyHistogram}): logarithmic
 * buckets with 1 % relative accuracy, its bucket-key mapping (a ClickHouse storage contract, see
 * ADR 0001) and quantiles over stored buckets.
 */
package dev.plimsoll.core.latency;
