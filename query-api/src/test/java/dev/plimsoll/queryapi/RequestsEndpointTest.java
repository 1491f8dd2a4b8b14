package dev.plimsoll.queryapi;

import dev.plimsoll.queryapi.support.Http;
import dev.plimsoll.queryapi.support.SmallDatasetServer;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import static dev.plimsoll.queryapi.support.SmallDataset.at;
import static dev.plimsoll.queryapi.support.SmallDataset.range;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /requests} against real ClickHouse with {@link
 * dev.plimsoll.queryapi.support.SmallDataset}.
 */
@MicronautTest
class RequestsEndpointTest extends SmallDatasetServer {

    @Test
    void hourlyCountsRatesAndErrorRatio() {
        // 10:00 hour: 6 requests, 1 error; 11:00 hour: 1 request.
        Http.Reply reply =
                get("/api/v1/services/orders/requests?" + range("10:00", "12:00") + "&step=1h");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode points = reply.json().get("points");
        assertThat(points).hasSize(2);
        assertThat(points.get(0).toString())
                .isEqualTo(
                        "{\"t\":\""
                                + at("10:00")
                                + "\",\"count\":6,\"errors\":1,\"requestsPerSecond\":"
                                + (6 / 3600.0)
                                + ",\"errorsPerSecond\":"
                                + (1 / 3600.0)
                                + ",\"errorRatio\":"
                                + (1 / 6.0)
                                + ",\"corrected\":false,\"lateCount\":0}");
        assertThat(points.get(1).get("t").asText()).isEqualTo(at("11:00"));
        assertThat(points.get(1).get("count").asLong()).isEqualTo(1);
        assertThat(points.get(1).get("errorRatio").asDouble()).isZero();
    }

    @Test
    void ratesOfPartialEdgePointsDivideByTheirPartInsideTheRange() {
        // 10:00:30 .. 10:30 with step 1h: minutes 10:01 .. 10:29 are read (29 minutes), holding
        // the two requests of 10:01.
        Http.Reply reply =
                get("/api/v1/services/orders/requests?" + range("10:00:30", "10:30") + "&step=1h");

        JsonNode point = reply.json().get("points").get(0);
        assertThat(point.get("t").asText()).isEqualTo(at("10:00"));
        assertThat(point.get("count").asLong()).isEqualTo(2);
        assertThat(point.get("requestsPerSecond").asDouble()).isEqualTo(2 / (29 * 60.0));
    }

    @Test
    void minuteWithOnlyRequestsInFlightHasNullErrorRatio() {
        JsonNode points =
                get("/api/v1/services/search/requests?" + range("12:01", "12:02") + "&step=1m")
                        .json()
                        .get("points");

        assertThat(points.get(0).get("count").asLong()).isZero();
        assertThat(points.get(0).get("errorRatio").isNull()).isTrue();
    }

    @Test
    void unknownServiceIsNotFound() {
        Http.Reply reply = get("/api/v1/services/nope/requests?" + range("00:00", "+1 00:00"));

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().get("detail").asText())
                .isEqualTo("Service 'nope' was never seen in the retained data.");
    }

    @Test
    void emptyRangeIsOkWithNoPoints() {
        Http.Reply reply = get("/api/v1/services/orders/requests?" + range("-2 00:00", "-1 00:00"));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("points")).isEmpty();
    }
}
