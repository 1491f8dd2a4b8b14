package dev.plimsoll.queryapi.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

/**
 * Distinct users during one point.
 *
 * @param t the point's start, RFC 3339 UTC (the range's {@code from} when there is no step)
 * @param activeUsers distinct users who made a request during the point (an estimate, see the
 *     series' {@code relativeStandardError}); for a sampled point read from minute rows, the
 *     sample's distinct count times 2<sup>{@code sampleShift}</sup>
 * @param sampled whether a minute of the point had more distinct users than the streams job keeps
 *     (65 536 per service-minute) and stored a 1-in-2<sup>shift</sup> hash sample
 * @param sampleShift the largest sampling shift of the point's minutes, 0 when none was sampled
 * @param lowerBound whether {@code activeUsers} could not be corrected for sampling (the point
 *     reads hourly or daily rollups, which cannot be filtered by hash) and so undercounts: read a
 *     finer step or a range of whole minutes to get the corrected estimate
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record UsersPoint(
        String t, long activeUsers, boolean sampled, int sampleShift, boolean lowerBound) {}
