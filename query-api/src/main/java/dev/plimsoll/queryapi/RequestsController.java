package dev.plimsoll.queryapi;

import dev.plimsoll.queryapi.clickhouse.RequestsReader;
import dev.plimsoll.queryapi.clickhouse.SeriesQuery;
import dev.plimsoll.queryapi.model.RequestsSeries;
import dev.plimsoll.queryapi.params.SeriesParameters;
import dev.plimsoll.queryapi.params.TimeRange;
import dev.plimsoll.queryapi.problem.Problem;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
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
    @ApiResponse(
            responseCode = "200",
            description = "The series; no points when the range holds no data.")
    @ApiResponse(
            responseCode = "400",
            description = "Invalid parameters, each named in `invalidParams`.",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class)))
    @ApiResponse(
            responseCode = "401",
            description = "No API key, or an unknown one.",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class)))
    @ApiResponse(
            responseCode = "403",
            description = "The key lacks scope `read`, or is bound to another tenant.",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class)))
    @ApiResponse(
            responseCode = "404",
            description = "The service (or operation) was never seen in the retained data.",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class)))
    @ApiResponse(
            responseCode = "503",
            description = "ClickHouse is unreachable; retry later.",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class)))
    public RequestsSeries requests(
            HttpRequest<?> request,
            @Parameter(description = "The service.", example = "orders") @PathVariable
                    String service,
            @Parameter(
                            description = "Start, inclusive, RFC 3339.",
                            example = "2024-05-01T00:00:00Z",
                            required = true)
                    @Nullable
                    @QueryValue
                    String from,
            @Parameter(
                            description = "End, exclusive, RFC 3339.",
                            example = "2024-05-02T00:00:00Z",
                            required = true)
                    @Nullable
                    @QueryValue
                    String to,
            @Parameter(
                            description =
                                    "Point width, whole minutes: 60s, 5m, 1h, 1d, 1w. Absent: one"
                                            + " point for the whole range.",
                            example = "5m")
                    @Nullable
                    @QueryValue
                    String step,
            @Parameter(description = "One operation; absent: the whole service.")
                    @Nullable
                    @QueryValue
                    String operation,
            @Parameter(description = "Tenant to read; absent: all tenants (or the key's own).")
                    @Nullable
                    @QueryValue
                    String tenant) {
        SeriesQuery query =
                support.query(
                        request,
                        new SeriesParameters(),
                        service,
                        operation,
                        tenant,
                        from,
                        to,
                        step);
        return new RequestsSeries(
                query.service(),
                query.operation(),
                query.tenant(),
                TimeRange.format(query.range().from()),
                TimeRange.format(query.range().to()),
                SeriesSupport.stepLabel(query),
                support.read(query, reader));
    }
}
