package dev.plimsoll.queryapi;

import dev.plimsoll.queryapi.model.UsersSeries;
import dev.plimsoll.queryapi.problem.Problem;
import dev.plimsoll.read.clickhouse.UsersReader;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.RequestBean;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
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
            responseCode = "404",
            description = "The service was never seen in the retained data.",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class)))
    @ProblemResponses
    public UsersSeries users(
            HttpRequest<?> request,
            @RequestBean SeriesRequest series,
            @RequestBean RangeRequest range) {
        // Users are stored per whole service: no operation parameter.
        return support.series(
                request,
                series,
                range,
                null,
                reader,
                (header, points) ->
                        new UsersSeries(
                                header,
                                UsersReader.ESTIMATOR,
                                UsersReader.RELATIVE_STANDARD_ERROR,
                                points));
    }
}
