package dev.plimsoll.queryapi;

import dev.plimsoll.queryapi.clickhouse.ServicesReader;
import dev.plimsoll.queryapi.model.ServiceList;
import dev.plimsoll.queryapi.params.SeriesParameters;
import dev.plimsoll.queryapi.params.TimeRange;
import dev.plimsoll.queryapi.problem.Problem;
import dev.plimsoll.queryapi.security.Callers;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Lists the services that have data. */
@Controller("/api/v1/services")
@Requires(property = "plimsoll.api.enabled", notEquals = "false")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "services")
public class ServicesController {

    private final ServicesReader reader;

    ServicesController(ServicesReader reader) {
        this.reader = reader;
    }

    /**
     * The services seen in {@code [from, to)}, sorted by name, with their request and error counts
     * (whole-service rows). A tenant-bound key sees only its tenant's services.
     */
    @Get(produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Services seen in a range")
    @ApiResponse(responseCode = "200", description = "The services, possibly none.")
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
            responseCode = "503",
            description = "ClickHouse is unreachable; retry later.",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class)))
    public ServiceList services(
            HttpRequest<?> request,
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
                                    "Tenant to read; absent: all tenants (or the key's own tenant"
                                            + " for a tenant-bound key).")
                    @Nullable
                    @QueryValue
                    String tenant) {
        SeriesParameters parameters = new SeriesParameters();
        String readTenant = Callers.tenant(request, parameters.tenant(tenant));
        TimeRange range = parameters.range(from, to);
        parameters.throwIfInvalid();
        return new ServiceList(
                readTenant,
                TimeRange.format(range.from()),
                TimeRange.format(range.to()),
                reader.list(readTenant, range));
    }
}
