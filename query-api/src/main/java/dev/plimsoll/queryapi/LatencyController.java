package dev.plimsoll.queryapi;

import dev.plimsoll.core.latency.LatencyHistogram;
import dev.plimsoll.queryapi.model.LatencySeries;
import dev.plimsoll.queryapi.params.SeriesParameters;
import dev.plimsoll.read.clickhouse.LatencyReader;
import dev.plimsoll.read.params.Quantile;

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

import java.util.List;

/** Latency percentiles of one service. */
@Controller("/api/v1/services/{service}")
@Requires(property = "plimsoll.api.enabled", notEquals = "false")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "metrics")
public class LatencyController {

    private final SeriesSupport support;
    private final LatencyReader reader;

    LatencyController(SeriesSupport support, LatencyReader reader) {
        this.support = support;
        this.reader = reader;
    }

    /**
     * Per point: requests, errors and the requested quantiles, read from the point's merged latency
     * buckets (never an average of percentiles). Every quantile is within {@code relativeError} of
     * the exact value.
     */
    @Get(uri = "/latency", produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Latency percentiles of a service")
    @SeriesResponses
    public LatencySeries latency(
            HttpRequest<?> request,
            @RequestBean SeriesRequest series,
            @RequestBean RangeRequest range,
            @Parameter(
                            description =
                                    "Quantiles, comma-separated numbers from 0 to 1 (at most 4"
                                            + " decimals); each becomes a point field: 0.95 ->"
                                            + " p95, 0.999 -> p99_9.",
                            example = "0.5,0.95,0.99")
                    @Nullable
                    @QueryValue
                    String quantiles,
            @Parameter(description = SeriesRequest.OPERATION) @Nullable @QueryValue
                    String operation) {
        // Quantile problems are listed first, with the shared parameters' problems after them.
        SeriesParameters parameters = new SeriesParameters();
        List<Quantile> requested = parameters.quantiles(quantiles);
        List<Double> values = requested.stream().map(Quantile::value).toList();
        return support.series(
                request,
                parameters,
                series,
                range,
                operation,
                reader.with(requested),
                (header, points) ->
                        new LatencySeries(
                                header, LatencyHistogram.RELATIVE_ACCURACY, values, points));
    }
}
