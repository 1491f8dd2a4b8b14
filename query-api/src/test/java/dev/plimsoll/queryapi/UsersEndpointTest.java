package dev.plimsoll.queryapi;

import dev.plimsoll.queryapi.support.Http;
import dev.plimsoll.queryapi.support.SmallDatasetServer;
import dev.plimsoll.queryapi.support.TestKeys;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import static dev.plimsoll.queryapi.support.SmallDataset.at;
import static dev.plimsoll.queryapi.support.SmallDataset.range;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /users} against real ClickHouse. Orders users: 10:00 u1, u2, u1, u3; 10:01 u4, u1; 11:30
 * u5; D+1 05:00 u6. A user in several minutes counts once per point.
 */
@MicronautTest
class UsersEndpointTest extends SmallDatasetServer {

    private static final String ORDERS = "/api/v1/services/orders/users?";

    @Test
    void distinctUsersPerMinute() {
        Http.Reply reply = get(ORDERS + range("10:00", "10:02") + "&step=1m");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.get("estimator").asText()).isEqualTo("uniqCombined64");
        assertThat(body.get("relativeStandardError").asDouble()).isEqualTo(0.003);
        assertThat(body.get("points").toString())
                .isEqualTo(
                        "[{\"t\":\""
                                + at("10:00")
                                + "\",\"activeUsers\":3,\"sampled\":false,\"sampleShift\":0,"
                                + "\"lowerBound\":false,\"corrected\":false},{\"t\":\""
                                + at("10:01")
                                + "\",\"activeUsers\":2,\"sampled\":false,\"sampleShift\":0,"
                                + "\"lowerBound\":false,\"corrected\":false}]");
    }

    @Test
    void usersAreMergedOverTheStepNotSummed() {
        // 10:00 hour: u1, u2, u3, u4 (u1 is in both minutes); 11:00 hour: u5.
        JsonNode points = get(ORDERS + range("10:00", "12:00") + "&step=1h").json().get("points");

        assertThat(points.get(0).get("activeUsers").asLong()).isEqualTo(4);
        assertThat(points.get(1).get("activeUsers").asLong()).isEqualTo(1);
    }

    @Test
    void wholeRangeFromDayRowsAndMinuteEdges() {
        // 10:00 .. D+1 06:00 without step: u1 .. u6.
        JsonNode points = get(ORDERS + range("10:00", "+1 06:00")).json().get("points");

        assertThat(points).hasSize(1);
        assertThat(points.get(0).get("activeUsers").asLong()).isEqualTo(6);
    }

    @Test
    void tenantBoundKeyCountsItsTenantsUsers() {
        // acme on day D: u1, u2, u5.
        JsonNode points =
                get(ORDERS + range("00:00", "+1 00:00"), TestKeys.ACME).json().get("points");

        assertThat(points.get(0).get("activeUsers").asLong()).isEqualTo(3);
    }

    @Test
    void unknownServiceIsNotFound() {
        assertThat(get("/api/v1/services/nope/users?" + range("00:00", "+1 00:00")).status())
                .isEqualTo(404);
    }

    @Test
    void emptyRangeIsOkWithNoPoints() {
        Http.Reply reply = get(ORDERS + range("-2 00:00", "-1 00:00"));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("points")).isEmpty();
    }
}
