package dev.plimsoll.queryapi;

import dev.plimsoll.queryapi.model.RequestsSeries;
import dev.plimsoll.read.clickhouse.RequestsReader;

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

/** Request throughput and errors of one service. */
@Controller("/api/v1/services/{service}")
@Requires(property = "plimsoll.api.enabled", notEquals = "false")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "metrics")
public class RequestsController {

    private final SeriesSupport support;
    private final RequestsReader reader;

    RequestsController(SeriesSupport support, RequestsReader reader) {
        this.support = support;
        this.reader = reader;
    }

    /**
     * Requests and errors per point, with per-second rates and the error ratio. Rates divide by the
     * part of the point inside the range.
     */
    @Get(uri = "/requests", produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Request and error rate of a service")
    @SeriesResponses
    public RequestsSeries requests(
            HttpRequest<?> request,
            @RequestBean SeriesRequest series,
            @RequestBean RangeRequest range,
            @Parameter(description = SeriesRequest.OPERATION) @Nullable @QueryValue
                    String operation) {
        return support.series(request, series, range, operation, reader, RequestsSeries::new);
    }
}
