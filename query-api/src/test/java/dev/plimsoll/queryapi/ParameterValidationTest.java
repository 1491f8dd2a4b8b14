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

/**
 * Bad parameters are refused with 400 problem+json naming each parameter, before any query: the
 * ClickHouse behind this server is down, so a query would have answered 503 instead.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ParameterValidationTest implements TestPropertyProvider {

    private static final String DAY = "from=2024-05-01T00:00:00Z&to=2024-05-02T00:00:00Z";

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
                "/api/v1/services/orders/concurrency",
                "/api/v1/services/orders/users"
            })
    void everyEndpointRequiresFromAndTo(String path) {
        Http.Reply reply = get(path);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.contentType()).isEqualTo("application/problem+json");
        JsonNode problem = reply.json();
        assertThat(problem.get("type").asText())
                .isEqualTo("urn:plimsoll:problem:invalid-parameters");
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("instance").asText()).isEqualTo(path);
        assertThat(problem.get("detail").asText())
                .isEqualTo(
                        "Invalid parameters from, to: from: is required: an RFC 3339 time such as"
                                + " 2024-05-01T00:00:00Z. to: is required: an RFC 3339 time such as"
                                + " 2024-05-01T00:00:00Z.");
        assertThat(problem.get("invalidParams").findValuesAsText("name"))
                .containsExactly("from", "to");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/api/v1/services?",
                "/api/v1/services/orders/requests?",
                "/api/v1/services/orders/concurrency?",
                "/api/v1/services/orders/users?"
            })
    void everyEndpointRefusesAnUnparseableTime(String path) {
        Http.Reply reply = get(path + "from=yesterday&to=2024-05-02T00:00:00Z");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("invalidParams"))
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.get("name").asText()).isEqualTo("from");
                            assertThat(p.get("reason").asText())
                                    .isEqualTo(
                                            "'yesterday' is not an RFC 3339 time; expected e.g."
                                                    + " 2024-05-01T00:00:00Z or"
                                                    + " 2024-05-01T02:00:00+02:00.");
                        });
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/api/v1/services?",
                "/api/v1/services/orders/requests?",
                "/api/v1/services/orders/concurrency?",
                "/api/v1/services/orders/users?"
            })
    void everyEndpointRefusesFromAfterTo(String path) {
        Http.Reply reply = get(path + "from=2024-05-02T00:00:00Z&to=2024-05-01T00:00:00Z");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("invalidParams").get(0).get("name").asText()).isEqualTo("from");
        assertThat(reply.json().get("invalidParams").get(0).get("reason").asText())
                .isEqualTo(
                        "must be before to, but from is 2024-05-02T00:00:00Z and to is"
                                + " 2024-05-01T00:00:00Z.");
    }

    @Test
    void fromEqualToToIsRefused() {
        Http.Reply reply =
                get(
                        "/api/v1/services/orders/requests?from=2024-05-01T00:00:00Z&to=2024-05-01T00:00:00Z");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("invalidParams").get(0).get("name").asText()).isEqualTo("from");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/api/v1/services/orders/requests?",
                "/api/v1/services/orders/concurrency?",
                "/api/v1/services/orders/users?"
            })
    void everySeriesEndpointRefusesMoreThanTenThousandPoints(String path) {
        // 14 days of 1-minute points: 20 160.
        Http.Reply reply = get(path + "from=2024-05-01T00:00:00Z&to=2024-05-15T00:00:00Z&step=1m");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("invalidParams"))
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.get("name").asText()).isEqualTo("step");
                            assertThat(p.get("reason").asText())
                                    .isEqualTo(
                                            "a step of 1m gives 20160 points for this range, more"
                                                    + " than the limit of 10000; use a step of at"
                                                    + " least 3m or a shorter range.");
                        });
    }

    @Test
    void subMinuteStepIsRefused() {
        Http.Reply reply = get("/api/v1/services/orders/requests?" + DAY + "&step=30s");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("invalidParams").get(0).get("name").asText()).isEqualTo("step");
        assertThat(reply.json().get("invalidParams").get(0).get("reason").asText())
                .startsWith("'30s' is not a whole number of minutes");
    }

    @Test
    void malformedStepIsRefused() {
        Http.Reply reply = get("/api/v1/services/orders/concurrency?" + DAY + "&step=five");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("invalidParams").get(0).get("reason").asText())
                .isEqualTo(
                        "'five' is not a step; write a number and a unit (s, m, h, d or w), such as"
                                + " 60s, 5m, 1h or 1d.");
    }

    @Test
    void allProblemsAreListedInOneResponse() {
        Http.Reply reply =
                get("/api/v1/services/orders/requests?from=x&to=2024-05-02T00:00:00Z&step=10s");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("invalidParams").findValuesAsText("name"))
                .containsExactly("from", "step");
    }

    @Test
    void overlongOperationIsRefused() {
        Http.Reply reply =
                get("/api/v1/services/orders/requests?" + DAY + "&operation=" + "x".repeat(1025));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("invalidParams").get(0).get("name").asText())
                .isEqualTo("operation");
    }

    private Http.Reply get(String uri) {
        return new Http(client).get(uri, TestKeys.READER);
    }
}
