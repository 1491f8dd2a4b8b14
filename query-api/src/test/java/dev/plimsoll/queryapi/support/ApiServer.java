package dev.plimsoll.queryapi.support;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

/**
 * Base of the {@code @MicronautTest} classes: one API server per class, with the test API keys
 * configured, reading the ClickHouse database that {@link #clickHouseUrl()} names.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ApiServer implements TestPropertyProvider {

    @Inject
    @Client("/")
    protected HttpClient client;

    /**
     * The JDBC URL the server reads; called once, before the server starts, so a class creates and
     * fills its database here.
     */
    protected abstract String clickHouseUrl();

    @Override
    public Map<String, String> getProperties() {
        return Map.of(
                "plimsoll.clickhouse.url", clickHouseUrl(),
                "plimsoll.security.keys", TestKeys.config());
    }

    protected Http http() {
        return new Http(client);
    }

    /** GET with the unbound read key. */
    protected Http.Reply get(String uri) {
        return http().get(uri, TestKeys.READER);
    }

    /** GET with {@code key} ({@code null}: no key). */
    protected Http.Reply get(String uri, String key) {
        return http().get(uri, key);
    }
}
