package dev.plimsoll.queryapi;

import dev.plimsoll.queryapi.model.ConcurrencySeries;
import dev.plimsoll.read.clickhouse.ConcurrencyReader;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestBean;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

/** In-flight requests (concurrency) of one service. */
@Controller("/api/v1/services/{service}")
@Requires(property = "plimsoll.api.enabled", notEquals = "false")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "metrics")
public class ConcurrencyController {

    private final SeriesSupport support;
    private final ConcurrencyReader reader;

    ConcurrencyController(SeriesSupport support, ConcurrencyReader reader) {
        this.support = support;
        this.reader = reader;
    }

    /**
     * Per point: {@code peak}, the most requests in flight at once (the maximum of the minute
     * peaks), and {@code mean}, the time-weighted mean in flight (summed in-flight time divided by
     * the part of the point inside the range; idle time counts as zero).
     */
    @Get(uri = "/concurrency", produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Peak and mean concurrency of a service")
    @SeriesResponses
    public ConcurrencySeries concurrency(
            HttpRequest<?> request,
            @RequestBean SeriesRequest series,
            @RequestBean RangeRequest range,
            @Parameter(description = SeriesRequest.OPERATION) @Nullable @QueryValue
                    String operation) {
        return support.series(request, series, range, operation, reader, ConcurrencySeries::new);
    }
}
