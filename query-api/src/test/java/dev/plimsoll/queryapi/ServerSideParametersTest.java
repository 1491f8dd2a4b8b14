package dev.plimsoll.queryapi;

import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.infra.testing.MinuteRows;
import dev.plimsoll.queryapi.support.ApiServer;
import dev.plimsoll.queryapi.support.Http;
import dev.plimsoll.queryapi.support.TestClickHouse;
import dev.plimsoll.queryapi.support.TestKeys;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Names travel as server-side parameters, byte for byte: services, operations and tenants with
 * quotes, backslashes, tabs, braces or SQL in them match exactly their own rows, and nothing else.
 */
@MicronautTest
class ServerSideParametersTest extends ApiServer {

    private static final Instant DAY =
            LocalDate.now(ZoneOffset.UTC).minusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant();

    private static final List<String> NAMES =
            List.of(
                    "it's",
                    "back\\slash",
                    "trailing\\",
                    "tab\there",
                    "{service:String}",
                    "x' OR '1'='1",
                    "ünï cødé ✓",
                    "a\\tb",
                    "percent%20sign");

    @Override
    protected String clickHouseUrl() {
        String url = TestClickHouse.createDatabase("params");
        long start = DAY.plusSeconds(3600).getEpochSecond() * 1_000_000L;
        List<RequestEvent> events = new java.util.ArrayList<>();
        for (int i = 0; i < NAMES.size(); i++) {
            // Service i gets i + 1 requests, each with operation and tenant named like it.
            for (int k = 0; k <= i; k++) {
                events.add(
                        new RequestEvent(
                                NAMES.get(i),
                                NAMES.get(i),
                                start + k,
                                10,
                                200,
                                false,
                                "u",
                                NAMES.get(i)));
            }
        }
        MinuteRows.insert(url, events);
        return url;
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8})
    void eachNameMatchesExactlyItsOwnRows(int i) {
        String name = NAMES.get(i);
        String uri =
                "/api/v1/services/"
                        + encode(name)
                        + "/requests?from="
                        + DAY
                        + "&to="
                        + DAY.plusSeconds(86_400)
                        + "&operation="
                        + encode(name)
                        + "&tenant="
                        + encode(name);

        Http.Reply reply = new Http(client).get(uri, TestKeys.READER);

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("service").asText()).isEqualTo(name);
        assertThat(reply.json().get("operation").asText()).isEqualTo(name);
        assertThat(reply.json().get("tenant").asText()).isEqualTo(name);
        assertThat(reply.json().get("points").get(0).get("count").asLong()).isEqualTo(i + 1);
    }
}
