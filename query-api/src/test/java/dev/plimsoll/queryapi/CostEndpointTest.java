package dev.plimsoll.queryapi;

import dev.plimsoll.queryapi.support.ApiServer;
import dev.plimsoll.queryapi.support.Http;
import dev.plimsoll.queryapi.support.MinuteRows;
import dev.plimsoll.queryapi.support.SmallDataset;
import dev.plimsoll.queryapi.support.TestClickHouse;
import dev.plimsoll.queryapi.support.TestKeys;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.ZoneOffset;

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

    private static final String EUR = "0.302884615384615";

    @Override
    protected String clickHouseUrl() {
        String url = TestClickHouse.createDatabase("costapi");
        MinuteRows.insert(url, SmallDataset.events());
        try (Connection c = DriverManager.getConnection(url)) {
            String hourSql =
                    "INSERT INTO cost_hour (hour, service, currency, direct, shared_allocated,"
                            + " unallocated, total, active_users, requests, cost_per_user,"
                            + " cost_per_thousand_requests, policy, final, version, is_deleted)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
            try (PreparedStatement s = c.prepareStatement(hourSql)) {
                hour(
                        s,
                        "10:00",
                        "orders",
                        "USD",
                        "1.2",
                        "0.75",
                        "0",
                        "1.95",
                        3,
                        300,
                        "0.65",
                        "6.5",
                        "requests",
                        true,
                        2,
                        false);
                // an outdated version of the same key: never shown
                hour(
                        s, "10:00", "orders", "USD", "9.99", "0", "0", "9.99", 1, 1, "9.99", "9990",
                        "", false, 1, false);
                hour(
                        s,
                        "10:00",
                        "search",
                        "USD",
                        "0",
                        "0.25",
                        "0",
                        "0.25",
                        2,
                        100,
                        "0.125",
                        "2.5",
                        "requests",
                        true,
                        2,
                        false);
                hour(
                        s,
                        "10:00",
                        "",
                        "USD",
                        "1.2",
                        "1",
                        "0",
                        "2.2",
                        4,
                        400,
                        "0.55",
                        "5.5",
                        "requests",
                        true,
                        2,
                        false);
                hour(
                        s, "11:00", "orders", "USD", "0.5", "0", "0", "0.5", 0, 0, null, null, "",
                        false, 2, false);
                hour(
                        s,
                        "11:00",
                        "",
                        "USD",
                        "0.5",
                        "0",
                        "0.3",
                        "0.8",
                        0,
                        0,
                        null,
                        null,
                        "requests",
                        false,
                        2,
                        false);
                // search's 12:00 cost was restated away: a tombstone with a higher version
                hour(
                        s, "12:00", "search", "USD", "0.3", "0", "0", "0.3", 0, 0, null, null, "",
                        false, 1, false);
                hour(
                        s, "12:00", "search", "USD", "0", "0", "0", "0", 0, 0, null, null, "",
                        false, 2, true);
                hour(
                        s,
                        "10:00",
                        "orders",
                        "EUR",
                        EUR,
                        "0",
                        "0",
                        EUR,
                        3,
                        300,
                        "0.100961538461538333",
                        "1.00961538461538333",
                        "",
                        true,
                        1,
                        false);
                hour(
                        s,
                        "10:00",
                        "",
                        "EUR",
                        EUR,
                        "0",
                        "0",
                        EUR,
                        4,
                        400,
                        "0.07572115384615375",
                        "0.7572115384615375",
                        "",
                        true,
                        1,
                        false);
                s.executeBatch();
            }
            String daySql = hourSql.replace("cost_hour (hour,", "cost_day (day,");
            try (PreparedStatement s = c.prepareStatement(daySql)) {
                day(
                        s,
                        "orders",
                        "USD",
                        "1.7",
                        "0.75",
                        "0",
                        "2.45",
                        3,
                        300,
                        "0.816666666666666667",
                        "8.166666666666666667",
                        "requests");
                day(
                        s,
                        "search",
                        "USD",
                        "0",
                        "0.25",
                        "0",
                        "0.25",
                        2,
                        100,
                        "0.125",
                        "2.5",
                        "requests");
                day(s, "", "USD", "1.7", "1", "0.3", "3", 4, 400, "0.75", "7.5", "requests");
                day(
                        s,
                        "orders",
                        "EUR",
                        EUR,
                        "0",
                        "0",
                        EUR,
                        3,
                        300,
                        "0.100961538461538333",
                        "1.00961538461538333",
                        "");
                day(
                        s,
                        "",
                        "EUR",
                        EUR,
                        "0",
                        "0",
                        EUR,
                        4,
                        400,
                        "0.07572115384615375",
                        "0.7572115384615375",
                        "");
                s.executeBatch();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return url;
    }

    private static void hour(
            PreparedStatement s,
            String time,
            String service,
            String currency,
            String direct,
            String shared,
            String unallocated,
            String total,
            long users,
            long requests,
            String cpu,
            String cpk,
            String policy,
            boolean isFinal,
            long version,
            boolean deleted)
            throws SQLException {
        s.setLong(1, java.time.Instant.parse(at(time)).getEpochSecond());
        values(
                s,
                service,
                currency,
                direct,
                shared,
                unallocated,
                total,
                users,
                requests,
                cpu,
                cpk,
                policy,
                isFinal,
                version,
                deleted);
    }

    private static void day(
            PreparedStatement s,
            String service,
            String currency,
            String direct,
            String shared,
            String unallocated,
            String total,
            long users,
            long requests,
            String cpu,
            String cpk,
            String policy)
            throws SQLException {
        s.setObject(1, LocalDate.ofInstant(SmallDataset.DAY, ZoneOffset.UTC));
        values(
                s,
                service,
                currency,
                direct,
                shared,
                unallocated,
                total,
                users,
                requests,
                cpu,
                cpk,
                policy,
                false,
                3,
                false);
    }

    private static void values(
            PreparedStatement s,
            String service,
            String currency,
            String direct,
            String shared,
            String unallocated,
            String total,
            long users,
            long requests,
            String cpu,
            String cpk,
            String policy,
            boolean isFinal,
            long version,
            boolean deleted)
            throws SQLException {
        s.setString(2, service);
        s.setString(3, currency);
        s.setBigDecimal(4, new BigDecimal(direct));
        s.setBigDecimal(5, new BigDecimal(shared));
        s.setBigDecimal(6, new BigDecimal(unallocated));
        s.setBigDecimal(7, new BigDecimal(total));
        s.setLong(8, users);
        s.setLong(9, requests);
        if (cpu == null) {
            s.setNull(10, Types.DECIMAL);
        } else {
            s.setBigDecimal(10, new BigDecimal(cpu));
        }
        if (cpk == null) {
            s.setNull(11, Types.DECIMAL);
        } else {
            s.setBigDecimal(11, new BigDecimal(cpk));
        }
        s.setString(12, policy);
        s.setBoolean(13, isFinal);
        s.setLong(14, version);
        s.setInt(15, deleted ? 1 : 0);
        s.addBatch();
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
