package dev.plimsoll.queryapi.model;

import io.micronaut.core.annotation.Nullable;

/**
 * What every series response repeats of its request, as validated: the first fields of {@link
 * RequestsSeries}, {@link LatencySeries}, {@link ConcurrencySeries} and {@link UsersSeries} (which
 * has no operation). Not serialized itself; each series copies it into its own fields.
 *
 * @param service the service
 * @param operation the operation, {@code ""} for the whole service
 * @param tenant the tenant read, {@code ""} for all tenants
 * @param from the requested start, RFC 3339
 * @param to the requested end, RFC 3339
 * @param step the point width, null for one point covering the range
 */
public record SeriesHeader(
        String service,
        String operation,
        String tenant,
        String from,
        String to,
        @Nullable String step) {}
