package dev.plimsoll.queryapi.security;

import dev.plimsoll.queryapi.support.ClosedPort;
import dev.plimsoll.queryapi.support.Http;
import dev.plimsoll.queryapi.support.TestKeys;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tenant-bound key asking for another tenant, or for the all-tenants view, is refused with 403
 * before any query is run (ClickHouse is down here). The data-level proof that a bound key never
 * reads another tenant's rows is {@code TenantIsolationTest}, against real ClickHouse.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantBindingFilterTest implements TestPropertyProvider {

    private static final String RANGE = "from=2024-05-01T00:00:00Z&to=2024-05-02T00:00:00Z";

    @Inject
    @Client("/")
    HttpClient client;

    @Override
    public Map<String, String> getProperties() {
        return Map.of(
                "plimsoll.clickhouse.url", ClosedPort.clickHouseUrl(),
                "plimsoll.security.keys", TestKeys.config());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/api/v1/services?",
                "/api/v1/services/orders/requests?",
                "/api/v1/services/orders/latency?",
                "/api/v1/services/orders/concurrency?",
                "/api/v1/services/orders/users?"
            })
    void boundKeyCannotAskForAnotherTenant(String path) {
        Http.Reply reply = new Http(client).get(path + RANGE + "&tenant=globex", TestKeys.ACME);

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.contentType()).isEqualTo("application/problem+json");
        assertThat(reply.json().get("type").asText())
                .isEqualTo("urn:plimsoll:problem:tenant-forbidden");
        assertThat(reply.json().get("detail").asText())
                .isEqualTo(
                        "API key 'acme-grafana' is bound to tenant 'acme' and cannot read tenant"
                                + " 'globex'.");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/api/v1/services?",
                "/api/v1/services/orders/requests?",
                "/api/v1/services/orders/latency?",
                "/api/v1/services/orders/concurrency?",
                "/api/v1/services/orders/users?"
            })
    void boundKeyCannotAskForAllTenants(String path) {
        Http.Reply reply = new Http(client).get(path + RANGE + "&tenant=", TestKeys.ACME);

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.json().get("detail").asText())
                .isEqualTo(
                        "API key 'acme-grafana' is bound to tenant 'acme' and cannot read the"
                                + " all-tenants view.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tenant=ACME", "tenant=acme%20", "tenant=globex&tenant=acme"})
    void nearMissesAndRepeatedParametersAreRefused(String tenant) {
        Http.Reply reply =
                new Http(client)
                        .get(
                                "/api/v1/services/orders/requests?" + RANGE + "&" + tenant,
                                TestKeys.ACME);

        assertThat(reply.status()).isEqualTo(403);
    }
}
