package dev.plimsoll.queryapi;

import dev.plimsoll.queryapi.clickhouse.SeriesQuery;
import dev.plimsoll.queryapi.clickhouse.SeriesReader;
import dev.plimsoll.queryapi.clickhouse.ServiceCatalog;
import dev.plimsoll.queryapi.params.SeriesParameters;
import dev.plimsoll.queryapi.params.Step;
import dev.plimsoll.queryapi.params.TimeRange;
import dev.plimsoll.queryapi.problem.NotFoundException;
import dev.plimsoll.queryapi.security.Callers;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Optional;

/**
 * What every per-service series endpoint does around its reader: resolve the tenant against the
 * caller's key (403 first), validate the parameters (one 400 listing them all), read, and tell an
 * empty range (200, no points) from an unknown service (404).
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
     * The validated query; {@code parameters} may already hold problems of endpoint-specific
     * parameters, which are reported together with these.
     */
    SeriesQuery query(
            HttpRequest<?> request,
            SeriesParameters parameters,
            String service,
            String operation,
            String tenant,
            String from,
            String to,
            String step) {
        String readTenant = Callers.tenant(request, parameters.tenant(tenant));
        String checkedService = parameters.service(service);
        String checkedOperation = parameters.operation(operation);
        TimeRange range = parameters.range(from, to);
        Optional<Step> checkedStep = parameters.step(step, range, settings.maxPoints());
        parameters.throwIfInvalid();
        return new SeriesQuery(readTenant, checkedService, checkedOperation, range, checkedStep);
    }

    /** The reader's points; when there are none, 404 if the service (or operation) is unknown. */
    <P> List<P> read(SeriesQuery query, SeriesReader<P> reader) {
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

    static String stepLabel(SeriesQuery query) {
        return query.step().map(Step::label).orElse(null);
    }
}
