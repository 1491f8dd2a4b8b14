package dev.plimsoll.queryapi.support;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

/**
 * Base of the {@code @MicronautTest} classes that read {@link SmallDataset} from a fresh database
 * on the shared test ClickHouse, with the test API keys configured.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SmallDatasetServer implements TestPropertyProvider {

    @Inject
    @Client("/")
    protected HttpClient client;

    @Override
    public Map<String, String> getProperties() {
        String url = TestClickHouse.createDatabase(getClass().getSimpleName().toLowerCase());
        MinuteRows.insert(url, SmallDataset.events());
        return Map.of("plimsoll.clickhouse.url", url, "plimsoll.security.keys", TestKeys.config());
    }

    /** GET with the unbound read key. */
    protected Http.Reply get(String uri) {
        return new Http(client).get(uri, TestKeys.READER);
    }

    /** GET with {@code key}. */
    protected Http.Reply get(String uri, String key) {
        return new Http(client).get(uri, key);
    }
}
