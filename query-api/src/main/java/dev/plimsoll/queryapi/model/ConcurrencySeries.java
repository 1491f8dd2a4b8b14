package dev.plimsoll.queryapi.model;

import dev.plimsoll.read.model.ConcurrencyPoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * {@code GET /api/v1/services/{service}/concurrency}.
 *
 * @param service the service
 * @param operation the operation, {@code ""} for the whole service
 * @param tenant the tenant read, {@code ""} for all tenants
 * @param from the requested start
 * @param to the requested end
 * @param step the point width, null for one point covering the range
 * @param points points with data, in time order
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ConcurrencySeries(
        String service,
        String operation,
        String tenant,
        String from,
        String to,
        @Nullable String step,
        List<ConcurrencyPoint> points) {

    public ConcurrencySeries(SeriesHeader h, List<ConcurrencyPoint> points) {
        this(h.service(), h.operation(), h.tenant(), h.from(), h.to(), h.step(), points);
    }
}
