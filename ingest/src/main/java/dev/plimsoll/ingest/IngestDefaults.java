package dev.plimsoll.ingest;

import io.micronaut.context.env.ActiveEnvironment;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.PropertySourceLoader;
import io.micronaut.core.io.ResourceLoader;

import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The ingest role's defaults for the HTTP server, shipped inside its jar (the query API's {@code
 * QueryApiDefaults} explains why a library jar adds a property source instead of an {@code
 * application.yml}); every other source — {@code application.yml}, environment variables, system
 * properties — overrides them.
 *
 * <p>Micronaut refuses a request body above {@code micronaut.server.max-request-size} or {@code
 * micronaut.server.max-request-buffer-size} (10 MB each by default) before any route sees it. A
 * FOCUS import carries a billing account's whole period and may be as large as {@code
 * plimsoll.ingest.max-import-bytes}, so both follow that setting. The server's limits apply to
 * every route: a telemetry batch is buffered up to them before {@code
 * plimsoll.ingest.max-body-bytes} refuses it — lower {@code max-import-bytes} on an instance that
 * imports no large exports.
 */
public final class IngestDefaults implements PropertySourceLoader {

    /** Below application.yml (-300): every other source wins. */
    static final int PRIORITY = -1000;

    private static final String IMPORT_LIMIT =
            "${plimsoll.ingest.max-import-bytes:" + IngestConfig.DEFAULT_MAX_IMPORT_BYTES + "}";

    static final Map<String, Object> DEFAULTS =
            Map.of(
                    "micronaut.server.max-request-size",
                    IMPORT_LIMIT,
                    "micronaut.server.max-request-buffer-size",
                    IMPORT_LIMIT);

    @Override
    public Optional<PropertySource> load(String resourceName, ResourceLoader resourceLoader) {
        if (!"application".equals(resourceName)) {
            return Optional.empty();
        }
        return Optional.of(PropertySource.of("plimsoll-ingest-defaults", DEFAULTS, PRIORITY));
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
