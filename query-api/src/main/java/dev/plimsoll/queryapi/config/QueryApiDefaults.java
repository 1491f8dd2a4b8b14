package dev.plimsoll.queryapi.config;

import io.micronaut.context.env.ActiveEnvironment;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.PropertySourceLoader;
import io.micronaut.core.io.ResourceLoader;

import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The query API's default configuration, shipped inside its jar.
 *
 * <p>A library jar must not ship {@code application.yml}: Micronaut reads only the first one on the
 * classpath, so the {@code app} module's own file would silently hide it (or the reverse). This
 * loader, registered as a {@link PropertySourceLoader} service, adds the defaults as a property
 * source of lower priority ({@value #PRIORITY}) than {@code application.yml} (-300), environment
 * variables and system properties, so any of them can override each value.
 *
 * <p>Serves the OpenAPI document at {@code /swagger/plimsoll-api.yml} and Swagger UI (assets in the
 * jar, no internet needed) at {@code /swagger-ui/index.html}; exposes {@code /prometheus} without
 * authentication with HTTP server latency histograms; shows health details.
 */
public final class QueryApiDefaults implements PropertySourceLoader {

    /** Below application.yml (-300): every other source wins. */
    static final int PRIORITY = -1000;

    static final Map<String, Object> DEFAULTS =
            Map.ofEntries(
                    Map.entry("micronaut.router.static-resources.swagger.enabled", true),
                    Map.entry(
                            "micronaut.router.static-resources.swagger.paths",
                            "classpath:META-INF/swagger"),
                    Map.entry("micronaut.router.static-resources.swagger.mapping", "/swagger/**"),
                    Map.entry("micronaut.router.static-resources.swagger-ui.enabled", true),
                    Map.entry(
                            "micronaut.router.static-resources.swagger-ui.paths",
                            "classpath:META-INF/swagger/views/swagger-ui"),
                    Map.entry(
                            "micronaut.router.static-resources.swagger-ui.mapping",
                            "/swagger-ui/**"),
                    Map.entry("endpoints.health.enabled", true),
                    Map.entry("endpoints.health.sensitive", false),
                    Map.entry("endpoints.health.details-visible", "ANONYMOUS"),
                    Map.entry("endpoints.prometheus.enabled", true),
                    Map.entry("endpoints.prometheus.sensitive", false),
                    Map.entry("micronaut.metrics.enabled", true),
                    Map.entry("micronaut.metrics.export.prometheus.enabled", true),
                    Map.entry("micronaut.metrics.export.prometheus.descriptions", true),
                    Map.entry("micronaut.metrics.binders.web.server.percentiles", "0.5,0.95,0.99"),
                    Map.entry("micronaut.metrics.binders.web.server.histogram", true));

    @Override
    public Optional<PropertySource> load(String resourceName, ResourceLoader resourceLoader) {
        if (!"application".equals(resourceName)) {
            return Optional.empty();
        }
        return Optional.of(PropertySource.of("plimsoll-query-api-defaults", DEFAULTS, PRIORITY));
    }

    @Override
    public Optional<PropertySource> loadEnv(
            String resourceName,
            ResourceLoader resourceLoader,
            ActiveEnvironment activeEnvironment) {
        return Optional.empty();
    }

    /** Reads no files: this loader only contributes {@link #DEFAULTS}. */
    @Override
    public Set<String> getExtensions() {
        return Set.of();
    }

    @Override
    public Map<String, Object> read(String name, InputStream input) {
        return Map.of();
    }
}
