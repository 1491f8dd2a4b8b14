package dev.plimsoll.queryapi;

import dev.plimsoll.queryapi.model.CostPerUserSeries;
import dev.plimsoll.queryapi.model.CostReport;
import dev.plimsoll.queryapi.params.SeriesParameters;
import dev.plimsoll.queryapi.problem.NotFoundException;
import dev.plimsoll.queryapi.problem.Problem;
import dev.plimsoll.queryapi.problem.TenantForbiddenException;
import dev.plimsoll.queryapi.security.Callers;
import dev.plimsoll.read.clickhouse.CostReader;
import dev.plimsoll.read.clickhouse.ServiceCatalog;
import dev.plimsoll.read.model.CostPoint;
import dev.plimsoll.read.params.Step;
import dev.plimsoll.read.params.TimeRange;

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

import java.util.List;

/**
 * Infrastructure cost per user, from the cost job's tables. Costs carry no tenant (they are the
 * infrastructure's, shared by every tenant), so a tenant-bound key gets 403 here.
 */
@Controller("/api/v1")
@Requires(property = "plimsoll.api.enabled", notEquals = "false")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "cost")
public class CostController {

    private final CostReader reader;
    private final ServiceCatalog catalog;
    private final QueryApiSettings settings;

    CostController(CostReader reader, ServiceCatalog catalog, QueryApiSettings settings) {
        this.reader = reader;
        this.catalog = catalog;
        this.settings = settings;
    }

    /**
     * A service's cost per user per hour ({@code step=1h}, the default) or per UTC day ({@code
     * 1d}), one point per period and currency: its direct cost plus its share of shared cost, its
     * distinct active users (a day's are the union of its hours' users), cost per user ({@code
     * null} without users), requests and cost per 1 000 requests, and whether the period is final.
     * Money is an exact decimal string. Periods whose start lies in {@code [from, to)}.
     */
    @Get(uri = "/services/{service}/cost-per-user", produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Cost per user of a service, hourly or daily")
    @ApiResponse(
            responseCode = "200",
            description = "The series; no points when the range holds no cost of the service.")
    @ApiResponse(
            responseCode = "404",
            description = "The service was never seen, neither in cost nor in request metrics.",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class)))
    @ProblemResponses
    public CostPerUserSeries costPerUser(
            HttpRequest<?> request,
            @Parameter(description = "The service.", example = "orders") @PathVariable
                    String service,
            @Parameter(description = "Start, inclusive, RFC 3339. Required.", required = true)
                    @Nullable
                    @QueryValue
                    String from,
            @Parameter(description = "End, exclusive, RFC 3339. Required.", required = true)
                    @Nullable
                    @QueryValue
                    String to,
            @Parameter(description = "1h (the default) or 1d.", example = "1h")
                    @Nullable
                    @QueryValue
                    String step) {
        requireAllTenants(request);
        SeriesParameters parameters = new SeriesParameters();
        String checkedService = parameters.service(service);
        TimeRange range = parameters.range(from, to);
        String stepText = costStep(parameters, step, range);
        parameters.throwIfInvalid();
        boolean daily = "1d".equals(stepText);
        List<CostPoint> points = reader.perUser(checkedService, range, daily);
        if (points.isEmpty()
                && !reader.knows(checkedService)
                && !catalog.exists("", checkedService, null)) {
            throw new NotFoundException(
                    "Service '" + checkedService + "' was never seen in the retained data.");
        }
        return series(checkedService, range, stepText, points);
    }

    /**
     * The infrastructure's cost per user, hourly ({@code step=1h}, the default) or per UTC day
     * ({@code 1d}), one point per period and currency: every cost of the period — direct, shared
     * allocated and unallocated — over the distinct users of all services in it (a day's are the
     * union of its hours' users), cost per user ({@code null} without users), all requests and cost
     * per 1 000 requests, and whether the period is final. The cost job writes these rows beside
     * the services' rows; {@code service} is {@code ""} in the answer.
     */
    @Get(uri = "/cost-per-user", produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Cost per user of all services together, hourly or daily")
    @ApiResponse(
            responseCode = "200",
            description = "The series; no points when the range holds no cost.")
    @ProblemResponses
    public CostPerUserSeries overallCostPerUser(
            HttpRequest<?> request,
            @Parameter(description = "Start, inclusive, RFC 3339. Required.", required = true)
                    @Nullable
                    @QueryValue
                    String from,
            @Parameter(description = "End, exclusive, RFC 3339. Required.", required = true)
                    @Nullable
                    @QueryValue
                    String to,
            @Parameter(description = "1h (the default) or 1d.", example = "1h")
                    @Nullable
                    @QueryValue
                    String step) {
        requireAllTenants(request);
        SeriesParameters parameters = new SeriesParameters();
        TimeRange range = parameters.range(from, to);
        String stepText = costStep(parameters, step, range);
        parameters.throwIfInvalid();
        List<CostPoint> points =
                reader.perUser(CostReader.ALL_SERVICES, range, "1d".equals(stepText));
        return series(CostReader.ALL_SERVICES, range, stepText, points);
    }

    /** The step of a cost series, {@code 1h} by default; anything but 1h or 1d is rejected. */
    private String costStep(SeriesParameters parameters, @Nullable String step, TimeRange range) {
        String stepText = step == null || step.isBlank() ? "1h" : step.strip();
        if (!"1d".equals(stepText) && !"1h".equals(stepText)) {
            parameters.reject(
                    "step",
                    "must be 1h or 1d: the cost job writes hours and UTC days, was '"
                            + stepText
                            + "'.");
        } else {
            parameters.step(stepText, range, settings.maxPoints());
        }
        return stepText;
    }

    private static CostPerUserSeries series(
            String service, TimeRange range, String stepText, List<CostPoint> points) {
        return new CostPerUserSeries(
                service,
                TimeRange.format(range.from()),
                TimeRange.format(range.to()),
                Step.parse(stepText).label(),
                points);
    }

    /**
     * Every cost of {@code [from, to)} per currency (currencies are never summed together): the
     * total (direct, shared allocated and unallocated), the shared part, the unallocated part, and
     * per service its direct cost, its share of shared cost, its total, its distinct users over the
     * whole range and its cost per user. Whole UTC days are read from the daily table, other ranges
     * from the hourly one (hours starting in the range).
     */
    @Get(uri = "/costs", produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Every cost of a range, per currency and service")
    @ApiResponse(responseCode = "200", description = "The costs, possibly none.")
    @ProblemResponses
    public CostReport costs(
            HttpRequest<?> request,
            @Parameter(description = "Start, inclusive, RFC 3339. Required.", required = true)
                    @Nullable
                    @QueryValue
                    String from,
            @Parameter(description = "End, exclusive, RFC 3339. Required.", required = true)
                    @Nullable
                    @QueryValue
                    String to) {
        requireAllTenants(request);
        SeriesParameters parameters = new SeriesParameters();
        TimeRange range = parameters.range(from, to);
        parameters.throwIfInvalid();
        return new CostReport(
                TimeRange.format(range.from()), TimeRange.format(range.to()), reader.totals(range));
    }

    /** Cost is not per tenant: only a key that reads all tenants may read it. */
    private static void requireAllTenants(HttpRequest<?> request) {
        String tenant = Callers.tenant(request, null);
        if (!tenant.isEmpty()) {
            throw new TenantForbiddenException(
                    "Cost data is not per tenant (infrastructure serves all of them); the API key"
                            + " bound to tenant '"
                            + tenant
                            + "' cannot read it. Use a key without a tenant.");
        }
    }
}
