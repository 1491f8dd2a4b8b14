package dev.plimsoll.queryapi.security;

import dev.plimsoll.core.security.KeyDigest;
import dev.plimsoll.queryapi.support.ClickHouseDownServer;
import dev.plimsoll.queryapi.support.Endpoints;
import dev.plimsoll.queryapi.support.Http;
import dev.plimsoll.queryapi.support.TestKeys;

import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * API keys on {@code /api/v1/**}. The requests here lack {@code from}/{@code to}: a request that
 * gets past the filter is answered 400 by the controller, which shows the key was accepted.
 */
@MicronautTest
class ApiKeyFilterTest extends ClickHouseDownServer {

    private static final String SERVICES = Endpoints.SERVICES;

    static Stream<String> everyApiRoute() {
        return Stream.concat(Endpoints.all().stream(), Stream.of("/api/v1/no-such-route"));
    }

    @ParameterizedTest
    @MethodSource("everyApiRoute")
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
    void keyWithoutReadScopeIsForbidden() {
        Http.Reply reply = http().get(SERVICES, TestKeys.INGESTER);

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.contentType()).isEqualTo("application/problem+json");
        assertThat(reply.json().get("type").asText())
                .isEqualTo("urn:plimsoll:problem:insufficient-scope");
        assertThat(reply.json().get("detail").asText())
                .isEqualTo("API key 'ingester' lacks scope 'read' (it has: ingest).");
    }

    /** How a key reaches the filter: the case, the header, its value, the status expected. */
    static Stream<Arguments> presentedKeys() {
        return Stream.of(
                Arguments.of("read key passes", "Authorization", "Bearer " + TestKeys.READER, 400),
                Arguments.of(
                        "admin key covers read", "Authorization", "Bearer " + TestKeys.ADMIN, 400),
                Arguments.of("key in the X-API-Key header", "X-API-Key", TestKeys.READER, 400),
                Arguments.of(
                        "bearer scheme is case-insensitive",
                        "Authorization",
                        "bearer " + TestKeys.READER,
                        400),
                Arguments.of(
                        "basic auth is not an API key",
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString(
                                                ("reader:" + TestKeys.READER)
                                                        .getBytes(StandardCharsets.UTF_8)),
                        401),
                Arguments.of(
                        "the digest instead of the key",
                        "Authorization",
                        "Bearer " + KeyDigest.of(TestKeys.READER).hex(),
                        401));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presentedKeys")
    void keyPresentation(String presentation, String header, String value, int status) {
        assertThat(http().send(HttpRequest.GET(SERVICES).header(header, value)).status())
                .isEqualTo(status);
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
}
