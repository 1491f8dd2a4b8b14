package dev.plimsoll.queryapi;

import dev.plimsoll.queryapi.support.Http;
import dev.plimsoll.queryapi.support.SmallDatasetServer;
import dev.plimsoll.queryapi.support.TestKeys;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import static dev.plimsoll.queryapi.support.SmallDataset.at;
import static dev.plimsoll.queryapi.support.SmallDataset.range;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /services} against real ClickHouse with {@link
 * dev.plimsoll.queryapi.support.SmallDataset}.
 */
@MicronautTest
class ServicesEndpointTest extends SmallDatasetServer {

    @Test
    void listsServicesWithRequestAndErrorCountsSortedByName() {
        // Two days: orders 8 requests (1 error), billing 1, search 3.
        Http.Reply reply = get("/api/v1/services?" + range("00:00", "+2 00:00"));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().toString())
                .isEqualTo(
                        "{\"tenant\":\"\",\"from\":\""
                                + at("00:00")
                                + "\",\"to\":\""
                                + at("+2 00:00")
                                + "\",\"services\":["
                                + "{\"service\":\"billing\",\"requests\":1,\"errors\":0},"
                                + "{\"service\":\"orders\",\"requests\":8,\"errors\":1},"
                                + "{\"service\":\"search\",\"requests\":3,\"errors\":0}]}");
    }

    @Test
    void onlyServicesWithDataInTheRangeAreListed() {
        // D+1 00:00 .. D+2 00:00: only the orders request of D+1 05:00.
        Http.Reply reply = get("/api/v1/services?" + range("+1 00:00", "+2 00:00"));

        assertThat(reply.json().get("services").toString())
                .isEqualTo("[{\"service\":\"orders\",\"requests\":1,\"errors\":0}]");
    }

    @Test
    void tenantBoundKeySeesOnlyItsTenantsServices() {
        // acme: orders 10, 20, 30 (error), 60, 1000 ms and search x3; billing is globex only.
        Http.Reply reply = get("/api/v1/services?" + range("00:00", "+2 00:00"), TestKeys.ACME);

        assertThat(reply.json().get("tenant").asText()).isEqualTo("acme");
        assertThat(reply.json().get("services").toString())
                .isEqualTo(
                        "[{\"service\":\"orders\",\"requests\":5,\"errors\":1},"
                                + "{\"service\":\"search\",\"requests\":3,\"errors\":0}]");
    }

    @Test
    void unboundKeyMayChooseATenant() {
        Http.Reply reply = get("/api/v1/services?" + range("00:00", "+2 00:00") + "&tenant=globex");

        assertThat(reply.json().get("services").toString())
                .isEqualTo(
                        "[{\"service\":\"billing\",\"requests\":1,\"errors\":0},"
                                + "{\"service\":\"orders\",\"requests\":1,\"errors\":0}]");
    }

    @Test
    void emptyRangeListsNoServices() {
        Http.Reply reply = get("/api/v1/services?" + range("-2 00:00", "-1 00:00"));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("services")).isEmpty();
    }
}
