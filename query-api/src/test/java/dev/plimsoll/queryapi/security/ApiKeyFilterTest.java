package dev.plimsoll.queryapi.security;

import dev.plimsoll.queryapi.support.ClosedPort;
import dev.plimsoll.queryapi.support.Http;
import dev.plimsoll.queryapi.support.TestKeys;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * API keys on {@code /api/v1/**}. The requests here lack {@code from}/{@code to}: a request that
 * gets past the filter is answered 400 by the controller, which shows the key was accepted.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiKeyFilterTest implements TestPropertyProvider {

    private static final String SERVICES = "/api/v1/services";

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
                "/api/v1/services",
                "/api/v1/services/orders/requests",
                "/api/v1/services/orders/latency",
                "/api/v1/services/orders/concurrency",
                "/api/v1/services/orders/users",
                "/api/v1/no-such-route"
            })
    void noKeyIsUnauthorized(String path) {
        Http.Reply reply = http().get(path, null);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.contentType()).isEqualTo("application/problem+json");
        assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"plimsoll\"");
        assertThat(reply.json().get("type").asText())
                .isEqualTo("urn:plimsoll:problem:unauthenticated");
        assertThat(reply.json().get("detail").asText())
                .isEqualTo(
                        "No API key was presented. Send a key with scope 'read' as 'Authorization:"
                                + " Bearer <key>' or 'X-API-Key: <key>'.");
    }

    @Test
    void unknownKeyIsUnauthorized() {
        Http.Reply reply = http().get(SERVICES, "plk_not-a-configured-key");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.json().get("detail").asText()).startsWith("The API key is not valid.");
        assertThat(reply.body()).doesNotContain("plk_not-a-configured-key");
    }

    @Test
    void theDigestInsteadOfTheKeyIsUnauthorized() {
        String digest = dev.plimsoll.core.security.KeyDigest.of(TestKeys.READER).hex();

        assertThat(http().get(SERVICES, digest).status()).isEqualTo(401);
    }

    @Test
    void keyWithoutReadScopeIsForbidden() {
        Http.Reply reply = http().get(SERVICES, TestKeys.INGESTER);

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.contentType()).isEqualTo("application/problem+json");
        assertThat(reply.json().get("type").asText())
                .isEqualTo("urn:plimsoll:problem:insufficient-scope");
        assertThat(reply.json().get("detail").asText())
                .isEqualTo("API key 'ingester' lacks scope 'read' (it has: ingest).");
    }

    @Test
    void readKeyPassesTheFilter() {
        assertThat(http().get(SERVICES, TestKeys.READER).status()).isEqualTo(400);
    }

    @Test
    void adminKeyCoversRead() {
        assertThat(http().get(SERVICES, TestKeys.ADMIN).status()).isEqualTo(400);
    }

    @Test
    void keyInTheApiKeyHeaderIsAccepted() {
        Http.Reply reply =
                http().send(HttpRequest.GET(SERVICES).header("X-API-Key", TestKeys.READER));

        assertThat(reply.status()).isEqualTo(400);
    }

    @Test
    void bearerSchemeIsCaseInsensitive() {
        Http.Reply reply =
                http().send(
                                HttpRequest.GET(SERVICES)
                                        .header("Authorization", "bearer " + TestKeys.READER));

        assertThat(reply.status()).isEqualTo(400);
    }

    @Test
    void basicAuthIsNotAnApiKey() {
        Http.Reply reply =
                http().send(HttpRequest.GET(SERVICES).basicAuth("reader", TestKeys.READER));

        assertThat(reply.status()).isEqualTo(401);
    }

    @Test
    void ingestRoutesAreLeftToTheIngestModule() {
        // No ingest controller in this module: the filter lets the request through to a 404,
        // instead of answering 401 for a route it does not own.
        Http.Reply reply = http().get("/api/v1/ingest/requests", null);

        assertThat(reply.status()).isEqualTo(404);
    }

    @Test
    void routesOutsideTheApiNeedNoKey() {
        assertThat(http().get("/swagger/plimsoll-api.yml", null).status()).isEqualTo(200);
    }

    private Http http() {
        return new Http(client);
    }
}
