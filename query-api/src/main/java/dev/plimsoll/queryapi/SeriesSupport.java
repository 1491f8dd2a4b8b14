package dev.plimsoll.queryapi;

import dev.plimsoll.queryapi.model.SeriesHeader;
import dev.plimsoll.queryapi.params.SeriesParameters;
import dev.plimsoll.queryapi.problem.NotFoundException;
import dev.plimsoll.queryapi.security.Callers;
import dev.plimsoll.read.clickhouse.SeriesQuery;
import dev.plimsoll.read.clickhouse.SeriesReader;
import dev.plimsoll.read.clickhouse.ServiceCatalog;
import dev.plimsoll.read.params.Step;
import dev.plimsoll.read.params.TimeRange;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * What every per-service series endpoint does around its reader: resolve the tenant against the
 * caller's key (403 first), validate the parameters (one 400 listing them all), read, tell an empty
 * range (200, no points) from an unknown service (404), and hand the validated request and the
 * points to the endpoint's response.
 */
@Singleton
@Requires(property = "plimsoll.api.enabled", notEquals = "false")
final class SeriesSupport {

    private final QueryApiSettings settings;
    private final ServiceCatalog catalog;

    SeriesSupport(QueryApiSettings settings, ServiceCatalog catalog) {
        this.settings = settings;
        this.catalog = catalog;
    }

    /**
     * One series endpoint's work: validate the request ({@code parameters} may already hold
     * problems of endpoint-specific parameters, reported together with these), read its points and
     * assemble the response from the validated request and the points.
     *
     * @param operation the {@code operation} parameter, null when absent or not offered
     */
    <P, S> S series(
            HttpRequest<?> request,
            SeriesParameters parameters,
            SeriesRequest series,
            RangeRequest range,
            @Nullable String operation,
            SeriesReader<P> reader,
            BiFunction<SeriesHeader, List<P>, S> response) {
        SeriesQuery query = query(request, parameters, series, range, operation);
        List<P> points = read(query, reader);
        return response.apply(
                new SeriesHeader(
                        query.service(),
                        query.operation(),
                        query.tenant(),
                        TimeRange.format(query.range().from()),
                        TimeRange.format(query.range().to()),
                        query.step().map(Step::label).orElse(null)),
                points);
    }

    /**
     * {@link #series(HttpRequest, SeriesParameters, SeriesRequest, RangeRequest, String,
     * SeriesReader, BiFunction)} without endpoint-specific parameters.
     */
    <P, S> S series(
            HttpRequest<?> request,
            SeriesRequest series,
            RangeRequest range,
            @Nullable String operation,
            SeriesReader<P> reader,
            BiFunction<SeriesHeader, List<P>, S> response) {
        return series(request, new SeriesParameters(), series, range, operation, reader, response);
    }

    /**
     * The validated query: the tenant is resolved against the caller's key first (403), then every
     * parameter is checked and all problems are thrown together (400).
     */
    private SeriesQuery query(
            HttpRequest<?> request,
            SeriesParameters parameters,
            SeriesRequest series,
            RangeRequest range,
            @Nullable String operation) {
        String readTenant = Callers.tenant(request, parameters.tenant(range.tenant()));
        String checkedService = parameters.service(series.service());
        String checkedOperation = parameters.operation(operation);
        TimeRange checkedRange = parameters.range(range.from(), range.to());
        Optional<Step> checkedStep =
                parameters.step(series.step(), checkedRange, settings.maxPoints());
        parameters.throwIfInvalid();
        return new SeriesQuery(
                readTenant, checkedService, checkedOperation, checkedRange, checkedStep);
    }

    /** The reader's points; when there are none, 404 if the service (or operation) is unknown. */
    private <P> List<P> read(SeriesQuery query, SeriesReader<P> reader) {
        List<P> points = reader.read(query);
        if (points.isEmpty()) {
            requireKnown(query);
        }
        return points;
    }

    private void requireKnown(SeriesQuery query) {
        if (catalog.exists(query.tenant(), query.service(), null)) {
            if (!query.operation().isEmpty()
                    && !catalog.exists(query.tenant(), query.service(), query.operation())) {
                throw new NotFoundException(
                        "Service '"
                                + query.service()
                                + "' has no operation '"
                                + query.operation()
                                + "' in the retained data"
                                + scope(query)
                                + ".");
            }
            return;
        }
        throw new NotFoundException(
                "Service '"
                        + query.service()
                        + "' was never seen in the retained data"
                        + scope(query)
                        + ".");
    }

    private static String scope(SeriesQuery query) {
        return query.tenant().isEmpty() ? "" : " of tenant '" + query.tenant() + "'";
    }
}
