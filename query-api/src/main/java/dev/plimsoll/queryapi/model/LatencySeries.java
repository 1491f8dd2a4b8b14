package dev.plimsoll.queryapi.model;

import dev.plimsoll.read.model.LatencyPoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * {@code GET /api/v1/services/{service}/latency}.
 *
 * @param service the service
 * @param operation the operation, {@code ""} for the whole service
 * @param tenant the tenant read, {@code ""} for all tenants
 * @param from the requested start
 * @param to the requested end
 * @param step the point width, null for one point covering the range
 * @param relativeError every quantile is within this fraction of the exact value (0.01: a true P95
 *     of 100 ms is reported between 99 and 101 ms), whatever the range
 * @param quantiles the quantiles computed, in the order of the point fields
 * @param points points with data, in time order
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record LatencySeries(
        String service,
        String operation,
        String tenant,
        String from,
        String to,
        @Nullable String step,
        double relativeError,
        List<Double> quantiles,
        List<LatencyPoint> points) {

    public LatencySeries(
            SeriesHeader h,
            double relativeError,
            List<Double> quantiles,
            List<LatencyPoint> points) {
        this(
                h.service(),
                h.operation(),
                h.tenant(),
                h.from(),
                h.to(),
                h.step(),
                relativeError,
                quantiles,
                points);
    }
}
