package dev.plimsoll.queryapi;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Parameter;

/**
 * The query parameters every {@code /api/v1} read takes, bound with {@code @RequestBean}. Values
 * arrive as sent (null when absent) so that {@link dev.plimsoll.queryapi.params.SeriesParameters}
 * can report every problem in one 400; the {@code @Parameter} annotations document them in the
 * OpenAPI document of each endpoint that binds this record.
 *
 * @param from start, inclusive
 * @param to end, exclusive
 * @param tenant tenant to read, null for all tenants (or the key's own)
 */
@Introspected
public record RangeRequest(
        @Parameter(
                        description = "Start, inclusive, RFC 3339. Required.",
                        example = "2024-05-01T00:00:00Z",
                        required = true)
                @Nullable
                @QueryValue
                String from,
        @Parameter(
                        description = "End, exclusive, RFC 3339. Required.",
                        example = "2024-05-02T00:00:00Z",
                        required = true)
                @Nullable
                @QueryValue
                String to,
        @Parameter(
                        description =
                                "Tenant to read; absent: all tenants (or the key's own tenant"
                                        + " for a tenant-bound key).")
                @Nullable
                @QueryValue
                String tenant) {}
