package dev.plimsoll.queryapi.model;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/**
 * Latency of one point: {@code {"t", "count", "errors", "p50", "p95", "p99"}} with one {@code p…}
 * field per requested quantile, in request order.
 *
 * @param t the point's start, RFC 3339 UTC (the range's {@code from} when there is no step)
 * @param count requests that started in the point
 * @param errors failed requests among them
 * @param quantiles field name ({@code p95}, {@code p99_9}) to duration in milliseconds, computed by
 *     merging the point's latency buckets (never by averaging percentiles); null when {@code count}
 *     is 0 (a minute with requests in flight but none started)
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record LatencyPoint(
        String t, long count, long errors, @JsonAnyGetter Map<String, Double> quantiles) {}
