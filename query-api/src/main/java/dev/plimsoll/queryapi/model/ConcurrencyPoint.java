package dev.plimsoll.queryapi.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

/**
 * In-flight requests during one point.
 *
 * @param t the point's start, RFC 3339 UTC (the range's {@code from} when there is no step)
 * @param peak the most requests in flight at once: the maximum of the minute peaks
 * @param mean the time-weighted mean in flight: the summed in-flight time divided by the length of
 *     the point inside the range (idle minutes count as zero)
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ConcurrencyPoint(String t, long peak, double mean) {}
