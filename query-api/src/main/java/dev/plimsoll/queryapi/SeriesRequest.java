package dev.plimsoll.queryapi;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Parameter;

/**
 * The parameters of a per-service series beyond its {@link RangeRequest}: which service, at which
 * step. Bound with {@code @RequestBean} under {@code /api/v1/services/{service}}.
 *
 * @param service the service (path)
 * @param step point width as sent, null for one point over the whole range
 */
@Introspected
public record SeriesRequest(
        @Parameter(description = "The service.", example = "orders") @PathVariable String service,
        @Parameter(
                        description =
                                "Point width, whole minutes: 60s, 5m, 1h, 1d, 1w. Absent: one"
                                        + " point for the whole range.",
                        example = "5m")
                @Nullable
                @QueryValue
                String step) {

    /**
     * The description of the {@code operation} parameter, which endpoints offering one declare
     * themselves (users are per whole service).
     */
    public static final String OPERATION = "One operation; absent: the whole service.";
}
