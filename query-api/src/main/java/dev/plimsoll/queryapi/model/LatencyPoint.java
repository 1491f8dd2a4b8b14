package dev.plimsoll.queryapi.model;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

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
@Schema(
        description =
                "One point: t, count, errors, then one number per requested quantile named"
                    + " p<percent> (0.5 -> p50, 0.95 -> p95, 0.999 -> p99_9), in milliseconds, null"
                    + " when count is 0.",
        example =
                "{\"t\":\"2024-05-01T10:00:00Z\",\"count\":1200,\"errors\":3,\"p50\":48.7,"
                        + "\"p95\":212.4,\"p99\":530.1}",
        additionalPropertiesSchema = Double.class)
public record LatencyPoint(
        String t,
        long count,
        long errors,
        @Schema(hidden = true) @JsonAnyGetter Map<String, Double> quantiles) {}
