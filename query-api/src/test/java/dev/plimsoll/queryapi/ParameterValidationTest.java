package dev.plimsoll.queryapi;

import dev.plimsoll.queryapi.support.ClickHouseDownServer;
import dev.plimsoll.queryapi.support.Endpoints;
import dev.plimsoll.queryapi.support.Http;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad parameters are refused with 400 problem+json naming each parameter, before any query: the
 * ClickHouse behind this server is down, so a query would have answered 503 instead.
 */
@MicronautTest
class ParameterValidationTest extends ClickHouseDownServer {

    private static final String DAY = "from=2024-05-01T00:00:00Z&to=2024-05-02T00:00:00Z";
    private static final String REQUESTS = "/api/v1/services/orders/requests";

    @ParameterizedTest
    @MethodSource("dev.plimsoll.queryapi.support.Endpoints#all")
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

    /** Requests with one bad parameter: the case, the request, the parameter and its reason. */
    static Stream<Arguments> oneBadParameter() {
        return Stream.of(
                        on(
                                Endpoints.all(),
                                "unparseable time",
                                "from=yesterday&to=2024-05-02T00:00:00Z",
                                "from",
                                "'yesterday' is not an RFC 3339 time; expected e.g."
                                        + " 2024-05-01T00:00:00Z or 2024-05-01T02:00:00+02:00."),
                        on(
                                Endpoints.all(),
                                "from after to",
                                "from=2024-05-02T00:00:00Z&to=2024-05-01T00:00:00Z",
                                "from",
                                "must be before to, but from is 2024-05-02T00:00:00Z and to is"
                                        + " 2024-05-01T00:00:00Z."),
                        on(
                                List.of(REQUESTS),
                                "from equal to to",
                                "from=2024-05-01T00:00:00Z&to=2024-05-01T00:00:00Z",
                                "from",
                                "must be before to, but from is 2024-05-01T00:00:00Z and to is"
                                        + " 2024-05-01T00:00:00Z."),
                        // 14 days of 1-minute points: 20 160.
                        on(
                                Endpoints.series(),
                                "more than 10 000 points",
                                "from=2024-05-01T00:00:00Z&to=2024-05-15T00:00:00Z&step=1m",
                                "step",
                                "a step of 1m gives 20160 points for this range, more than the"
                                        + " limit of 10000; use a step of at least 3m or a shorter"
                                        + " range."),
                        on(
                                List.of(REQUESTS),
                                "sub-minute step",
                                DAY + "&step=30s",
                                "step",
                                "'30s' is not a whole number of minutes; data is stored per"
                                        + " minute, so use 60s, 120s, 5m and the like."),
                        on(
                                List.of("/api/v1/services/orders/concurrency"),
                                "malformed step",
                                DAY + "&step=five",
                                "step",
                                "'five' is not a step; write a number and a unit (s, m, h, d or"
                                        + " w), such as 60s, 5m, 1h or 1d."),
                        on(
                                List.of(REQUESTS),
                                "overlong operation",
                                DAY + "&operation=" + "x".repeat(1025),
                                "operation",
                                "is longer than 1024 characters."))
                .flatMap(cases -> cases);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oneBadParameter")
    void aBadParameterIsRefusedNamingIt(String uri, String name, String reason) {
        Http.Reply reply = get(uri);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("invalidParams"))
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.get("name").asText()).isEqualTo(name);
                            assertThat(p.get("reason").asText()).isEqualTo(reason);
                        });
    }

    @Test
    void allProblemsAreListedInOneResponse() {
        Http.Reply reply = get(REQUESTS + "?from=x&to=2024-05-02T00:00:00Z&step=10s");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("invalidParams").findValuesAsText("name"))
                .containsExactly("from", "step");
    }

    private static Stream<Arguments> on(
            List<String> paths, String label, String query, String name, String reason) {
        return paths.stream()
                .map(
                        path ->
                                Arguments.of(
                                        Named.of(label + ": " + path, path + "?" + query),
                                        name,
                                        reason));
    }
}
