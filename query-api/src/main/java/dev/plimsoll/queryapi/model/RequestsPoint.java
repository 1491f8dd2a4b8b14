package dev.plimsoll.queryapi.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * Request and error counts of one point.
 *
 * @param t the point's start, RFC 3339 UTC (the range's {@code from} when there is no step)
 * @param count requests that started in the point
 * @param errors failed requests among them
 * @param requestsPerSecond {@code count} divided by the seconds of the point inside the range
 * @param errorsPerSecond {@code errors} divided by the same
 * @param errorRatio {@code errors / count}, null when {@code count} is 0
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RequestsPoint(
        String t,
        long count,
        long errors,
        double requestsPerSecond,
        double errorsPerSecond,
        @Nullable Double errorRatio) {}
