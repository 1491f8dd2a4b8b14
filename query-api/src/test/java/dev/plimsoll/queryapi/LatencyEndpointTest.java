package dev.plimsoll.queryapi;

import dev.plimsoll.queryapi.support.Http;
import dev.plimsoll.queryapi.support.SmallDatasetServer;
import dev.plimsoll.queryapi.support.TestKeys;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.plimsoll.queryapi.support.SmallDataset.at;
import static dev.plimsoll.queryapi.support.SmallDataset.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

/**
 * {@code /latency} against real ClickHouse with {@link dev.plimsoll.queryapi.support.SmallDataset}.
 * Expected quantiles are the exact lower quantiles (value of rank floor(q (n - 1)) in the sorted
 * durations), which the API must match within 1 %.
 */
@MicronautTest
class LatencyEndpointTest extends SmallDatasetServer {

    private static final String ORDERS = "/api/v1/services/orders/latency?";

    @Test
    void minutePointsFromMinuteRows() {
        // 10:00 holds 10, 20, 30 (error), 40 ms; 10:01 holds 50 and 60 ms.
        Http.Reply reply = get(ORDERS + range("10:00", "10:02") + "&step=1m");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).isEqualTo("application/json");
        JsonNode body = reply.json();
        assertThat(body.get("service").asText()).isEqualTo("orders");
        assertThat(body.get("operation").asText()).isEmpty();
        assertThat(body.get("tenant").asText()).isEmpty();
        assertThat(body.get("step").asText()).isEqualTo("1m");
        assertThat(body.get("relativeError").asDouble()).isEqualTo(0.01);
        assertThat(body.get("quantiles").toString()).isEqualTo("[0.5,0.95,0.99]");
        JsonNode points = body.get("points");
        assertThat(points).hasSize(2);
        assertPoint(points.get(0), at("10:00"), 4, 1, 20, 30, 30);
        assertPoint(points.get(1), at("10:01"), 2, 0, 50, 50, 50);
    }

    @Test
    void pointFieldsComeInContractOrderWithTimeFirst() {
        JsonNode point =
                get(ORDERS + range("10:00", "10:01") + "&step=1m").json().get("points").get(0);

        List<String> fields = new ArrayList<>();
        point.fieldNames().forEachRemaining(fields::add);
        assertThat(fields)
                .containsExactly("t", "count", "errors", "corrected", "p50", "p95", "p99");
    }

    @Test
    void withoutStepOnePointMergesTheWholeRangeFromTheDayRollup() {
        // Day D: 10, 20, 30, 40, 50, 60, 1000 ms; ranks floor(q * 6): p50 -> 3 (40), p95 -> 5 (60).
        Http.Reply reply = get(ORDERS + range("00:00", "+1 00:00"));

        assertThat(reply.status()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.get("step").isNull()).isTrue();
        assertThat(body.get("points")).hasSize(1);
        assertPoint(body.get("points").get(0), at("00:00"), 7, 1, 40, 60, 60);
    }

    @Test
    void unalignedRangeMergesMinuteHourAndDayRowsIntoTheSamePoint() {
        // 09:59 .. D+1 05:01 without step: minutes 09:59-10:00 then hours then D+1 minutes; all 8
        // orders requests: 5, 10, 20, 30, 40, 50, 60, 1000; ranks floor(q * 7): p50 -> 3 (30),
        // p95 -> 6 (60).
        Http.Reply reply = get(ORDERS + range("09:59", "+1 05:01"));

        assertPoint(reply.json().get("points").get(0), at("09:59"), 8, 1, 30, 60, 60);
    }

    @Test
    void hourlyStepReadsHourRows() {
        // 10:00 hour: 10..60 ms (6 requests, rank floor(0.95 * 5) = 4 -> 50); 11:00 hour: 1000 ms.
        Http.Reply reply = get(ORDERS + range("10:00", "12:00") + "&step=1h&quantiles=0.95");

        JsonNode points = reply.json().get("points");
        assertThat(points).hasSize(2);
        assertThat(points.get(0).get("t").asText()).isEqualTo(at("10:00"));
        assertThat(points.get(0).get("count").asLong()).isEqualTo(6);
        assertThat(points.get(0).get("p95").asDouble()).isCloseTo(50, withinPercentage(1));
        assertThat(points.get(1).get("t").asText()).isEqualTo(at("11:00"));
        assertThat(points.get(1).get("p95").asDouble()).isCloseTo(1000, withinPercentage(1));
    }

    @Test
    void requestedQuantilesBecomeFieldsInRequestOrder() {
        JsonNode body = get(ORDERS + range("00:00", "+1 00:00") + "&quantiles=0.999,0,1").json();

        assertThat(body.get("quantiles").toString()).isEqualTo("[0.999,0.0,1.0]");
        JsonNode point = body.get("points").get(0);
        List<String> fields = new ArrayList<>();
        point.fieldNames().forEachRemaining(fields::add);
        assertThat(fields)
                .containsExactly("t", "count", "errors", "corrected", "p99_9", "p0", "p100");
        // q = 0 and q = 1 are the exact minimum and maximum.
        assertThat(point.get("p0").asDouble()).isEqualTo(10.0);
        assertThat(point.get("p100").asDouble()).isEqualTo(1000.0);
    }

    @Test
    void operationFilterReadsThatOperationOnly() {
        // acme's GET /orders on day D: 10, 20, 60 ms.
        Http.Reply reply =
                get(
                        ORDERS + range("00:00", "+1 00:00") + "&operation=GET%20/orders",
                        TestKeys.ACME);

        JsonNode body = reply.json();
        assertThat(body.get("operation").asText()).isEqualTo("GET /orders");
        assertThat(body.get("tenant").asText()).isEqualTo("acme");
        assertPoint(body.get("points").get(0), at("00:00"), 3, 0, 20, 20, 20);
    }

    @Test
    void minuteWithRequestsInFlightButNoneStartedHasNullQuantiles() {
        // search's 60 s request started at 12:00:20 is still in flight during 12:01.
        JsonNode points =
                get("/api/v1/services/search/latency?" + range("12:00", "12:02") + "&step=1m")
                        .json()
                        .get("points");

        assertThat(points).hasSize(2);
        assertThat(points.get(1).get("count").asLong()).isZero();
        assertThat(points.get(1).get("p95").isNull()).isTrue();
    }

    @Test
    void emptyRangeOfAKnownServiceIsOkWithNoPoints() {
        Http.Reply reply = get(ORDERS + range("-2 00:00", "-1 00:00") + "&step=1h");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("points")).isEmpty();
    }

    @Test
    void unknownServiceIsNotFound() {
        Http.Reply reply = get("/api/v1/services/nope/latency?" + range("00:00", "+1 00:00"));

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.contentType()).isEqualTo("application/problem+json");
        assertThat(reply.json().get("type").asText())
                .isEqualTo("urn:plimsoll:problem:unknown-service");
        assertThat(reply.json().get("detail").asText())
                .isEqualTo("Service 'nope' was never seen in the retained data.");
    }

    @Test
    void unknownOperationOfAKnownServiceIsNotFound() {
        Http.Reply reply = get(ORDERS + range("00:00", "+1 00:00") + "&operation=DELETE%20/orders");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().get("detail").asText())
                .isEqualTo(
                        "Service 'orders' has no operation 'DELETE /orders' in the retained data.");
    }

    @Test
    void unknownQuantileIsRefusedNamingTheParameter() {
        Http.Reply reply = get(ORDERS + range("00:00", "+1 00:00") + "&quantiles=0.5,p95");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.contentType()).isEqualTo("application/problem+json");
        assertThat(reply.json().get("invalidParams").get(0).get("name").asText())
                .isEqualTo("quantiles");
        assertThat(reply.json().get("invalidParams").get(0).get("reason").asText())
                .isEqualTo(
                        "'p95' is not a known quantile; use numbers from 0 to 1 with at most 4"
                                + " decimals, such as 0.5,0.95,0.99.");
    }

    @Test
    void quantileAboveOneIsRefused() {
        Http.Reply reply = get(ORDERS + range("00:00", "+1 00:00") + "&quantiles=1.5");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("invalidParams").get(0).get("name").asText())
                .isEqualTo("quantiles");
    }

    private static void assertPoint(
            JsonNode point, String t, long count, long errors, double p50, double p95, double p99) {
        assertThat(point.get("t").asText()).isEqualTo(t);
        assertThat(point.get("count").asLong()).isEqualTo(count);
        assertThat(point.get("errors").asLong()).isEqualTo(errors);
        assertThat(point.get("p50").asDouble()).isCloseTo(p50, within(p50 * 0.01));
        assertThat(point.get("p95").asDouble()).isCloseTo(p95, within(p95 * 0.01));
        assertThat(point.get("p99").asDouble()).isCloseTo(p99, within(p99 * 0.01));
    }
}
