package dev.plimsoll.queryapi;

import dev.plimsoll.queryapi.support.ClosedPort;
import dev.plimsoll.queryapi.support.Http;
import dev.plimsoll.queryapi.support.TestKeys;

import com.fasterxml.jackson.databind.JsonNode;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** With ClickHouse unreachable (a closed port) the API answers 503 problem+json and stays up. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClickHouseDownTest implements TestPropertyProvider {

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
    void everyEndpointAnswers503ProblemWithoutAStackTrace(String path) {
        Http.Reply reply = new Http(client).get(path + RANGE + "&step=1h", TestKeys.READER);

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.contentType()).isEqualTo("application/problem+json");
        assertThat(reply.header("Retry-After")).isEqualTo("5");
        JsonNode problem = reply.json();
        assertThat(problem.get("type").asText())
                .isEqualTo("urn:plimsoll:problem:storage-unavailable");
        assertThat(problem.get("status").asInt()).isEqualTo(503);
        assertThat(problem.get("detail").asText())
                .isEqualTo(
                        "The metrics store (ClickHouse) is not reachable right now; retry"
                                + " shortly.");
        assertThat(reply.body())
                .doesNotContain("Exception")
                .doesNotContain("at dev.plimsoll")
                .doesNotContain("127.0.0.1");
    }

    @Test
    void theServerKeepsAnsweringAfterFailures() {
        Http http = new Http(client);
        for (int i = 0; i < 3; i++) {
            assertThat(http.get("/api/v1/services?" + RANGE, TestKeys.READER).status())
                    .isEqualTo(503);
        }
        assertThat(http.get("/api/v1/services", TestKeys.READER).status()).isEqualTo(400);
    }

    @Test
    void readinessIsDownWithTheClickHouseIndicator() {
        Http.Reply reply = new Http(client).get("/health/readiness", null);

        assertThat(reply.status()).isEqualTo(503);
        JsonNode body = reply.json();
        assertThat(body.get("status").asText()).isEqualTo("DOWN");
        assertThat(body.at("/details/clickhouse/status").asText()).isEqualTo("DOWN");
    }

    @Test
    void aMalformedClickHouseUrlStopsTheStart() {
        assertThatThrownBy(
                        () ->
                                io.micronaut.context.ApplicationContext.run(
                                        io.micronaut.runtime.server.EmbeddedServer.class,
                                        Map.of(
                                                "plimsoll.clickhouse.url",
                                                "jdbc:postgresql://db/x?password=secret",
                                                "micronaut.server.port",
                                                -1),
                                        "test"))
                .hasStackTraceContaining("it is not a ClickHouse JDBC URL")
                .satisfies(e -> assertThat(stackTrace(e)).doesNotContain("secret"));
    }

    private static String stackTrace(Throwable e) {
        java.io.StringWriter out = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }

    @Test
    void overallHealthIsDown() {
        Http.Reply reply = new Http(client).get("/health", null);

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.json().get("status").asText()).isEqualTo("DOWN");
    }

    @Test
    void livenessDoesNotDependOnClickHouse() {
        Http.Reply reply = new Http(client).get("/health/liveness", null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("status").asText()).isEqualTo("UP");
    }
}
