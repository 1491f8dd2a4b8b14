package dev.plimsoll.queryapi;

import dev.plimsoll.queryapi.clickhouse.SeriesQuery;
import dev.plimsoll.queryapi.clickhouse.UsersReader;
import dev.plimsoll.queryapi.model.UsersSeries;
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

/** Active (distinct) users of one service. */
@Controller("/api/v1/services/{service}")
@Requires(property = "plimsoll.api.enabled", notEquals = "false")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "metrics")
public class UsersController {

    private final SeriesSupport support;
    private final UsersReader reader;

    UsersController(SeriesSupport support, UsersReader reader) {
        this.support = support;
        this.reader = reader;
    }

    /**
     * Distinct users per point, merged over the point with {@code uniqCombined64} (a user active in
     * many minutes counts once). The estimate's relative standard error is stated in the response.
     * Users are kept per service, not per operation. A minute with more than 65 536 distinct users
     * keeps a uniform hash sample: its points say {@code sampled} and the sampling shift; read from
     * minute rows they are corrected (sample × 2^shift), read from hourly or daily rollups they are
     * a {@code lowerBound}.
     */
    @Get(uri = "/users", produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Active users of a service")
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
            description = "The service was never seen in the retained data.",
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
    public UsersSeries users(
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
                            example = "1h")
                    @Nullable
                    @QueryValue
                    String step,
            @Parameter(description = "Tenant to read; absent: all tenants (or the key's own).")
                    @Nullable
                    @QueryValue
                    String tenant) {
        SeriesQuery query =
                support.query(
                        request, new SeriesParameters(), service, null, tenant, from, to, step);
        return new UsersSeries(
                query.service(),
                query.tenant(),
                TimeRange.format(query.range().from()),
                TimeRange.format(query.range().to()),
                SeriesSupport.stepLabel(query),
                UsersReader.ESTIMATOR,
                UsersReader.RELATIVE_STANDARD_ERROR,
                support.read(query, reader));
    }
}
