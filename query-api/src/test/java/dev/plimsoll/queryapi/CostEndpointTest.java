package dev.plimsoll.queryapi;

import dev.plimsoll.infra.testing.MinuteRows;
import dev.plimsoll.queryapi.support.ApiServer;
import dev.plimsoll.queryapi.support.CostRows;
import dev.plimsoll.queryapi.support.Http;
import dev.plimsoll.queryapi.support.SmallDataset;
import dev.plimsoll.queryapi.support.TestClickHouse;
import dev.plimsoll.queryapi.support.TestKeys;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import static dev.plimsoll.queryapi.support.SmallDataset.at;
import static dev.plimsoll.queryapi.support.SmallDataset.range;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /services/{service}/cost-per-user} and {@code /costs} against real ClickHouse: rows as the
 * cost job writes them (versions, a deleted key, an outdated version), request metrics of {@link
 * SmallDataset} for the users of a range. Expected values worked out in the comments.
 */
@MicronautTest
class CostEndpointTest extends ApiServer {

    private static final String EUR = CostRows.EUR;

    @Override
    protected String clickHouseUrl() {
        String url = TestClickHouse.createDatabase("costapi");
        MinuteRows.insert(url, SmallDataset.events());
        CostRows.insert(url);
        return url;
    }

    private static String point(
            String time,
            String currency,
            String cost,
            long users,
            String cpu,
            long requests,
            String cpk,
            boolean isFinal) {
        return "{\"t\":\""
                + at(time)
                + "\",\"currency\":\""
                + currency
                + "\",\"cost\":\""
                + cost
                + "\",\"activeUsers\":"
                + users
                + ",\"costPerUser\":"
                + (cpu == null ? "null" : "\"" + cpu + "\"")
                + ",\"requests\":"
                + requests
                + ",\"costPerThousandRequests\":"
                + (cpk == null ? "null" : "\"" + cpk + "\"")
                + ",\"final\":"
                + isFinal
                + "}";
    }

    @Test
    void hourlyPointsArePerPeriodAndCurrencyWithMoneyAsExactStrings() {
        Http.Reply reply =
                get(
                        "/api/v1/services/orders/cost-per-user?"
                                + range("00:00", "+1 00:00")
                                + "&step=1h");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.get("service").asText()).isEqualTo("orders");
        assertThat(body.get("step").asText()).isEqualTo("1h");
        // the outdated 9.99 version is not shown; hour 11 had no users: cost per user null
        assertThat(body.get("points").toString())
                .isEqualTo(
                        "["
                                + point(
                                        "10:00",
                                        "EUR",
                                        EUR,
                                        3,
                                        "0.100961538461538333",
                                        300,
                                        "1.00961538461538333",
                                        true)
                                + ","
                                + point("10:00", "USD", "1.95", 3, "0.65", 300, "6.5", true)
                                + ","
                                + point("11:00", "USD", "0.5", 0, null, 0, null, false)
                                + "]");
    }

    @Test
    void dailyPointsAndHoursStartingInTheRange() {
        JsonNode daily =
                get("/api/v1/services/orders/cost-per-user?"
                                + range("00:00", "+1 00:00")
                                + "&step=1d")
                        .json();
        assertThat(daily.get("points").toString())
                .isEqualTo(
                        "["
                                + point(
                                        "00:00",
                                        "EUR",
                                        EUR,
                                        3,
                                        "0.100961538461538333",
                                        300,
                                        "1.00961538461538333",
                                        false)
                                + ","
                                + point(
                                        "00:00",
                                        "USD",
                                        "2.45",
                                        3,
                                        "0.816666666666666667",
                                        300,
                                        "8.166666666666666667",
                                        false)
                                + "]");
        // 10:30 .. 12:00: the 10:00 hour starts before the range
        assertThat(
                        get("/api/v1/services/orders/cost-per-user?" + range("10:30", "12:00"))
                                .json()
                                .get("points")
                                .toString())
                .isEqualTo("[" + point("11:00", "USD", "0.5", 0, null, 0, null, false) + "]");
        // search's 12:00 row was deleted by the restatement
        assertThat(
                        get("/api/v1/services/search/cost-per-user?" + range("00:00", "+1 00:00"))
                                .json()
                                .get("points")
                                .toString())
                .isEqualTo("[" + point("10:00", "USD", "0.25", 2, "0.125", 100, "2.5", true) + "]");
    }

    @Test
    void theOverallSeriesDividesEveryCostByTheUsersOfAllServices() {
        Http.Reply hourly = get("/api/v1/cost-per-user?" + range("00:00", "+1 00:00"));

        assertThat(hourly.status()).isEqualTo(200);
        JsonNode body = hourly.json();
        assertThat(body.get("service").asText()).isEmpty();
        assertThat(body.get("step").asText()).isEqualTo("1h");
        // 10:00 USD: orders 1.95 + search 0.25 = 2.2 over the 4 users and 400 requests of both;
        // 11:00 USD: orders' 0.5 and 0.3 unallocated = 0.8, no users: cost per user null
        assertThat(body.get("points").toString())
                .isEqualTo(
                        "["
                                + point(
                                        "10:00",
                                        "EUR",
                                        EUR,
                                        4,
                                        "0.07572115384615375",
                                        400,
                                        "0.7572115384615375",
                                        true)
                                + ","
                                + point("10:00", "USD", "2.2", 4, "0.55", 400, "5.5", true)
                                + ","
                                + point("11:00", "USD", "0.8", 0, null, 0, null, false)
                                + "]");
        // the day: 1.7 direct + 1 shared allocated + 0.3 unallocated = 3 over 4 users
        assertThat(
                        get("/api/v1/cost-per-user?" + range("00:00", "+1 00:00") + "&step=1d")
                                .json()
                                .get("points")
                                .toString())
                .isEqualTo(
                        "["
                                + point(
                                        "00:00",
                                        "EUR",
                                        EUR,
                                        4,
                                        "0.07572115384615375",
                                        400,
                                        "0.7572115384615375",
                                        false)
                                + ","
                                + point("00:00", "USD", "3", 4, "0.75", 400, "7.5", false)
                                + "]");
    }

    @Test
    void theOverallSeriesRefusesBadParameters() {
        Http.Reply bad = get("/api/v1/cost-per-user?" + range("00:00", "+1 00:00") + "&step=5m");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("invalidParams").get(0).get("name").asText()).isEqualTo("step");
        Http.Reply noRange = get("/api/v1/cost-per-user");
        assertThat(noRange.status()).isEqualTo(400);
        assertThat(noRange.json().get("invalidParams").toString()).contains("from", "to");
    }

    @Test
    void aServiceWithoutCostIsEmptyAndAnUnknownOneIs404() {
        assertThat(
                        get("/api/v1/services/billing/cost-per-user?" + range("00:00", "+1 00:00"))
                                .json()
                                .get("points")
                                .size())
                .isZero();
        Http.Reply unknown =
                get("/api/v1/services/nobody/cost-per-user?" + range("00:00", "+1 00:00"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("detail").asText())
                .isEqualTo("Service 'nobody' was never seen in the retained data.");
    }

    @Test
    void badParametersAreA400NamingThem() {
        Http.Reply reply =
                get("/api/v1/services/orders/cost-per-user?to=" + at("12:00") + "&step=5m");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().get("invalidParams").toString())
                .isEqualTo(
                        "[{\"name\":\"from\",\"reason\":\"is required: an RFC 3339 time such as"
                            + " 2024-05-01T00:00:00Z.\"},{\"name\":\"step\",\"reason\":\"must be 1h"
                            + " or 1d: the cost job writes hours and UTC days, was '5m'.\"}]");
    }

    @Test
    void costIsNotPerTenantSoABoundKeyIsForbidden() {
        Http.Reply reply = get("/api/v1/costs?" + range("00:00", "+1 00:00"), TestKeys.ACME);
        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.json().get("type").asText())
                .isEqualTo("urn:plimsoll:problem:tenant-forbidden");
        assertThat(
                        get(
                                        "/api/v1/services/orders/cost-per-user?"
                                                + range("00:00", "+1 00:00"),
                                        TestKeys.ACME)
                                .status())
                .isEqualTo(403);
        assertThat(
                        get("/api/v1/cost-per-user?" + range("00:00", "+1 00:00"), TestKeys.ACME)
                                .status())
                .isEqualTo(403);
    }

    @Test
    void costsOfWholeDaysPerCurrencyWithTheUsersOfTheRange() {
        // whole day D: the daily table. USD: total 3 = 1.7 direct + 1 shared allocated + 0.3
        // unallocated; shared 1.3. Users over the day from the request metrics: orders u1..u5
        // (5), search u8, u9 (2) → 2.45/5 = 0.49, 0.25/2 = 0.125. EUR: 0.302884615384615/5.
        JsonNode body = get("/api/v1/costs?" + range("00:00", "+1 00:00")).json();
        assertThat(body.get("currencies").toString())
                .isEqualTo(
                        "[{\"currency\":\"EUR\",\"total\":\""
                                + EUR
                                + "\",\"shared\":\"0\",\"unallocated\":\"0\","
                                + "\"services\":[{\"service\":\"orders\",\"direct\":\""
                                + EUR
                                + "\","
                                + "\"sharedAllocated\":\"0\",\"total\":\""
                                + EUR
                                + "\",\"activeUsers\":5,\"costPerUser\":\"0.060576923076923\"}]},"
                                + "{\"currency\":\"USD\",\"total\":\"3\",\"shared\":\"1.3\",\"unallocated\":\"0.3\","
                                + "\"services\":[{\"service\":\"orders\",\"direct\":\"1.7\",\"sharedAllocated\":\"0.75\","
                                + "\"total\":\"2.45\",\"activeUsers\":5,\"costPerUser\":\"0.49\"},"
                                + "{\"service\":\"search\",\"direct\":\"0\",\"sharedAllocated\":\"0.25\",\"total\":\"0.25\","
                                + "\"activeUsers\":2,\"costPerUser\":\"0.125\"}]}]");
    }

    @Test
    void costsOfPartOfADayFromTheHours() {
        // 10:00 .. 11:00: the hourly table, hour 10 only. Users in the hour: orders u1..u4 (4),
        // search none (its requests are at 12:00) → no cost per user.
        JsonNode body = get("/api/v1/costs?" + range("10:00", "11:00")).json();
        assertThat(body.get("currencies").toString())
                .isEqualTo(
                        "[{\"currency\":\"EUR\",\"total\":\""
                                + EUR
                                + "\",\"shared\":\"0\",\"unallocated\":\"0\","
                                + "\"services\":[{\"service\":\"orders\",\"direct\":\""
                                + EUR
                                + "\","
                                + "\"sharedAllocated\":\"0\",\"total\":\""
                                + EUR
                                + "\",\"activeUsers\":4,\"costPerUser\":\"0.07572115384615375\"}]},"
                                + "{\"currency\":\"USD\",\"total\":\"2.2\",\"shared\":\"1\",\"unallocated\":\"0\","
                                + "\"services\":[{\"service\":\"orders\",\"direct\":\"1.2\",\"sharedAllocated\":\"0.75\","
                                + "\"total\":\"1.95\",\"activeUsers\":4,\"costPerUser\":\"0.4875\"},"
                                + "{\"service\":\"search\",\"direct\":\"0\",\"sharedAllocated\":\"0.25\",\"total\":\"0.25\","
                                + "\"activeUsers\":0,\"costPerUser\":null}]}]");
        assertThat(
                        get("/api/v1/costs?" + range("+2 00:00", "+3 00:00"))
                                .json()
                                .get("currencies")
                                .size())
                .isZero();
    }
}
