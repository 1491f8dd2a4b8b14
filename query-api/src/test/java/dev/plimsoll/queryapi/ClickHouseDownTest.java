package dev.plimsoll.queryapi;

import dev.plimsoll.queryapi.support.ClickHouseDownServer;
import dev.plimsoll.queryapi.support.Http;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** With ClickHouse unreachable (a closed port) the API answers 503 problem+json and stays up. */
@MicronautTest
class ClickHouseDownTest extends ClickHouseDownServer {

    private static final String RANGE = "from=2024-05-01T00:00:00Z&to=2024-05-02T00:00:00Z";

    @ParameterizedTest
    @MethodSource("dev.plimsoll.queryapi.support.Endpoints#all")
    void everyEndpointAnswers503ProblemWithoutAStackTrace(String path) {
        Http.Reply reply = get(path + "?" + RANGE + "&step=1h");

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
        for (int i = 0; i < 3; i++) {
            assertThat(get("/api/v1/services?" + RANGE).status()).isEqualTo(503);
        }
        assertThat(get("/api/v1/services").status()).isEqualTo(400);
    }

    @Test
    void readinessIsDownWithTheClickHouseIndicator() {
        Http.Reply reply = get("/health/readiness", null);

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
        Http.Reply reply = get("/health", null);

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.json().get("status").asText()).isEqualTo("DOWN");
    }

    @Test
    void livenessDoesNotDependOnClickHouse() {
        Http.Reply reply = get("/health/liveness", null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("status").asText()).isEqualTo("UP");
    }
}
