package dev.plimsoll.queryapi.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

/**
 * Distinct users during one point.
 *
 * @param t the point's start, RFC 3339 UTC (the range's {@code from} when there is no step)
 * @param activeUsers distinct users who made a request during the point (an estimate, see the
 *     series' {@code relativeStandardError})
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record UsersPoint(String t, long activeUsers) {}
