package dev.plimsoll.queryapi;

import dev.plimsoll.infra.testing.MinuteRows;
import dev.plimsoll.queryapi.support.ApiServer;
import dev.plimsoll.queryapi.support.Http;
import dev.plimsoll.queryapi.support.SmallDataset;
import dev.plimsoll.queryapi.support.TestClickHouse;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import static dev.plimsoll.queryapi.support.SmallDataset.range;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which table answers: after the minute rows of {@link SmallDataset} are truncated (the rollups
 * keep their rows, as after the 14-day minute TTL), what the API still returns shows which parts of
 * each range it read from the hourly and daily rollups.
 */
@MicronautTest
class RollupSelectionTest extends ApiServer {

    private static final String ORDERS = "/api/v1/services/orders/requests?";

    @Override
    protected String clickHouseUrl() {
        String url = TestClickHouse.createDatabase("rollups");
        MinuteRows.insert(url, SmallDataset.events());
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE TABLE service_minute");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return url;
    }

    @Test
    void alignedDayWithoutStepIsReadFromTheDayRollup() {
        assertThat(count(ORDERS + range("00:00", "+1 00:00"))).isEqualTo(7);
    }

    @Test
    void dailyStepIsReadFromTheDayRollup() {
        assertThat(count(ORDERS + range("00:00", "+2 00:00") + "&step=1d")).isEqualTo(8);
    }

    @Test
    void hourlyStepIsReadFromTheHourRollup() {
        assertThat(count(ORDERS + range("10:00", "12:00") + "&step=1h")).isEqualTo(7);
    }

    @Test
    void minuteStepsAreReadFromMinuteRowsOnly() {
        Http.Reply reply = get(ORDERS + range("10:00", "12:00") + "&step=5m");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("points")).isEmpty();
    }

    @Test
    void unalignedEdgesAreReadFromMinuteRows() {
        // 09:59 .. D+1 05:01: hours 10:00 .. D+1 05:00 from the hour rollup (7 requests); the
        // D+1 05:00 request lies in the minute edge 05:00 .. 05:01 and is gone with the minutes.
        assertThat(count(ORDERS + range("09:59", "+1 05:01"))).isEqualTo(7);
    }

    @Test
    void aServiceKeptOnlyInRollupsIsStillKnown() {
        Http.Reply reply = get(ORDERS + range("10:00", "10:05") + "&step=1m");

        assertThat(reply.status()).isEqualTo(200);
    }

    private long count(String uri) {
        long count = 0;
        for (JsonNode point : get(uri).json().get("points")) {
            count += point.get("count").asLong();
        }
        return count;
    }
}
