package dev.plimsoll.queryapi.security;

import dev.plimsoll.queryapi.support.ClickHouseDownServer;
import dev.plimsoll.queryapi.support.Endpoints;
import dev.plimsoll.queryapi.support.Http;
import dev.plimsoll.queryapi.support.TestKeys;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tenant-bound key asking for another tenant, or for the all-tenants view, is refused with 403
 * before any query is run (ClickHouse is down here). The data-level proof that a bound key never
 * reads another tenant's rows is {@code TenantIsolationTest}, against real ClickHouse.
 */
@MicronautTest
class TenantBindingFilterTest extends ClickHouseDownServer {

    private static final String RANGE = "from=2024-05-01T00:00:00Z&to=2024-05-02T00:00:00Z";

    /** Every endpoint with each tenant the acme key may not ask for, and the detail expected. */
    static Stream<Arguments> foreignTenants() {
        return Endpoints.all().stream()
                .flatMap(
                        path ->
                                Stream.of(
                                        Arguments.of(
                                                path,
                                                "tenant=globex",
                                                "API key 'acme-grafana' is bound to tenant 'acme'"
                                                        + " and cannot read tenant 'globex'."),
                                        Arguments.of(
                                                path,
                                                "tenant=",
                                                "API key 'acme-grafana' is bound to tenant 'acme'"
                                                        + " and cannot read the all-tenants"
                                                        + " view.")));
    }

    @ParameterizedTest(name = "{0}?{1}")
    @MethodSource("foreignTenants")
    void boundKeyCannotAskForAnotherTenantNorAllTenants(String path, String tenant, String detail) {
        Http.Reply reply = get(path + "?" + RANGE + "&" + tenant, TestKeys.ACME);

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.contentType()).isEqualTo("application/problem+json");
        assertThat(reply.json().get("type").asText())
                .isEqualTo("urn:plimsoll:problem:tenant-forbidden");
        assertThat(reply.json().get("detail").asText()).isEqualTo(detail);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tenant=ACME", "tenant=acme%20", "tenant=globex&tenant=acme"})
    void nearMissesAndRepeatedParametersAreRefused(String tenant) {
        Http.Reply reply =
                get("/api/v1/services/orders/requests?" + RANGE + "&" + tenant, TestKeys.ACME);

        assertThat(reply.status()).isEqualTo(403);
    }
}
