package dev.plimsoll.queryapi;

import dev.plimsoll.queryapi.model.ServiceList;
import dev.plimsoll.queryapi.params.SeriesParameters;
import dev.plimsoll.queryapi.security.Callers;
import dev.plimsoll.read.clickhouse.ServicesReader;
import dev.plimsoll.read.params.TimeRange;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.RequestBean;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
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
    @ProblemResponses
    public ServiceList services(HttpRequest<?> request, @RequestBean RangeRequest range) {
        SeriesParameters parameters = new SeriesParameters();
        String readTenant = Callers.tenant(request, parameters.tenant(range.tenant()));
        TimeRange checkedRange = parameters.range(range.from(), range.to());
        parameters.throwIfInvalid();
        return new ServiceList(
                readTenant,
                TimeRange.format(checkedRange.from()),
                TimeRange.format(checkedRange.to()),
                reader.list(readTenant, checkedRange));
    }
}
