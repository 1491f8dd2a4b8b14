package dev.plimsoll.queryapi.security;

import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.infra.testing.MinuteRows;
import dev.plimsoll.queryapi.support.ApiServer;
import dev.plimsoll.queryapi.support.Http;
import dev.plimsoll.queryapi.support.TestClickHouse;
import dev.plimsoll.queryapi.support.TestKeys;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A key bound to tenant acme never reads another tenant's series, nor the all-tenants rows, on any
 * endpoint, at any resolution, whatever parameters it sends.
 *
 * <p>Data for service {@code shop} on day D (two days ago): acme 20 requests of 10..29 ms, one per
 * minute from 10:00, no errors, users a0..a4; globex 60 requests of 5 000 ms, three at once at each
 * of those minutes, all errors, users g0..g6; 10 requests without tenant of 2 000 ms. Service
 * {@code billing} has globex data only. Any globex or all-tenants row leaking into an acme answer
 * shows as a count above 20, an error, a latency of 2 s or more, a peak above 1 or more than 5
 * users.
 */
@MicronautTest
class TenantIsolationTest extends ApiServer {

    private static final Instant DAY =
            LocalDate.now(ZoneOffset.UTC).minusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant();
    private static final String WHOLE_DAY = "from=" + DAY + "&to=" + DAY.plusSeconds(86_400);

    @Override
    protected String clickHouseUrl() {
        String url = TestClickHouse.createDatabase("tenants");
        MinuteRows.insert(url, events());
        return url;
    }

    static Stream<Arguments> seriesQueries() {
        List<Arguments> queries = new ArrayList<>();
        for (String metric : List.of("requests", "latency", "concurrency", "users")) {
            for (String step : new String[] {"", "&step=1m", "&step=5m", "&step=1h", "&step=1d"}) {
                for (String tenant : new String[] {"", "&tenant=acme"}) {
                    queries.add(Arguments.of(metric, WHOLE_DAY + step + tenant));
                }
            }
            if (!metric.equals("users")) {
                queries.add(Arguments.of(metric, WHOLE_DAY + "&operation=GET%20/items"));
                queries.add(Arguments.of(metric, WHOLE_DAY + "&step=1h&operation=GET%20/items"));
            }
        }
        return queries.stream();
    }

    @ParameterizedTest
    @MethodSource("seriesQueries")
    void boundKeyReadsOnlyItsTenantOnEverySeries(String metric, String query) {
        Http.Reply reply = acme("/api/v1/services/shop/" + metric + "?" + query);

        assertThat(reply.status()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.get("tenant").asText()).isEqualTo("acme");
        JsonNode points = body.get("points");
        assertThat(points).isNotEmpty();
        switch (metric) {
            case "requests" -> {
                assertThat(sum(points, "count")).isEqualTo(20);
                assertThat(sum(points, "errors")).isZero();
            }
            case "latency" -> {
                assertThat(sum(points, "count")).isEqualTo(20);
                assertThat(sum(points, "errors")).isZero();
                points.forEach(p -> assertThat(p.get("p99").asDouble()).isLessThan(29 * 1.01));
            }
            case "concurrency" ->
                    points.forEach(p -> assertThat(p.get("peak").asLong()).isEqualTo(1));
            default -> {
                // Per-point users never exceed acme's five; the whole day has exactly five.
                points.forEach(
                        p -> assertThat(p.get("activeUsers").asLong()).isLessThanOrEqualTo(5));
                if (!query.contains("step")) {
                    assertThat(points.get(0).get("activeUsers").asLong()).isEqualTo(5);
                }
            }
        }
    }

    @Test
    void theSameQueriesWithAnUnboundKeySeeEveryTenant() {
        // Proves the assertions above can fail: the all-tenants view has 90 requests.
        JsonNode points = shopRequestsOfTheDay(TestKeys.READER);

        assertThat(sum(points, "count")).isEqualTo(90);
        assertThat(sum(points, "errors")).isEqualTo(60);
    }

    @Test
    void boundKeyListsOnlyItsTenantsServices() {
        JsonNode services = acme("/api/v1/services?" + WHOLE_DAY).json().get("services");

        assertThat(services.toString())
                .isEqualTo("[{\"service\":\"shop\",\"requests\":20,\"errors\":0}]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"requests", "latency", "concurrency", "users"})
    void anotherTenantsServiceIsUnknownToABoundKey(String metric) {
        Http.Reply reply = acme("/api/v1/services/billing/" + metric + "?" + WHOLE_DAY);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().get("detail").asText())
                .isEqualTo(
                        "Service 'billing' was never seen in the retained data of tenant 'acme'.");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "tenant=globex",
                "tenant=",
                "tenant=GLOBEX",
                "tenant=acme%00",
                "tenant=acme%20",
                "tenant=%20acme",
                "tenant=globex&tenant=acme"
            })
    void overridesOfTheTenantAreRefusedOnEveryEndpoint(String override) {
        for (String path :
                List.of(
                        "/api/v1/services?",
                        "/api/v1/services/shop/requests?",
                        "/api/v1/services/shop/latency?",
                        "/api/v1/services/shop/concurrency?",
                        "/api/v1/services/shop/users?",
                        "/api/v1/services/billing/requests?")) {
            Http.Reply reply = acme(path + WHOLE_DAY + "&" + override);

            assertThat(reply.status()).as(path + override).isEqualTo(403);
            assertThat(reply.body()).doesNotContain("\"points\"").doesNotContain("\"services\"");
        }
    }

    @Test
    void repeatingTheOwnTenantFirstStillReadsOnlyItsRows() {
        // Micronaut binds the first value; whatever it binds, acme's key reads acme or is refused.
        Http.Reply reply =
                acme("/api/v1/services/shop/requests?" + WHOLE_DAY + "&tenant=acme&tenant=globex");

        if (reply.status() == 200) {
            assertThat(reply.json().get("tenant").asText()).isEqualTo("acme");
            assertThat(sum(reply.json().get("points"), "count")).isEqualTo(20);
        } else {
            assertThat(reply.status()).isEqualTo(403);
        }
    }

    @Test
    void anotherTenantsKeyReadsItsOwnRowsOnly() {
        JsonNode points = shopRequestsOfTheDay(TestKeys.GLOBEX);

        assertThat(sum(points, "count")).isEqualTo(60);
    }

    private Http.Reply acme(String uri) {
        return get(uri, TestKeys.ACME);
    }

    private JsonNode shopRequestsOfTheDay(String key) {
        return get("/api/v1/services/shop/requests?" + WHOLE_DAY, key).json().get("points");
    }

    private static long sum(JsonNode points, String field) {
        long sum = 0;
        for (JsonNode p : points) {
            sum += p.get(field).asLong();
        }
        return sum;
    }

    private static List<RequestEvent> events() {
        List<RequestEvent> events = new ArrayList<>();
        long ten = DAY.plusSeconds(10 * 3600).getEpochSecond() * 1_000_000L;
        for (int i = 0; i < 20; i++) {
            long minute = ten + i * 60_000_000L;
            events.add(
                    new RequestEvent(
                            "shop", "GET /items", minute, 10 + i, 200, false, "a" + i % 5, "acme"));
            for (int k = 0; k < 3; k++) {
                events.add(
                        new RequestEvent(
                                "shop",
                                "GET /items",
                                minute + 1000,
                                5000,
                                500,
                                true,
                                "g" + (i + k) % 7,
                                "globex"));
            }
            if (i < 10) {
                events.add(
                        new RequestEvent(
                                "shop",
                                "GET /items",
                                minute + 2000,
                                2000,
                                200,
                                false,
                                "n" + i,
                                null));
            }
        }
        events.add(
                new RequestEvent("billing", "POST /charge", ten, 100, 200, false, "g0", "globex"));
        return events;
    }
}
