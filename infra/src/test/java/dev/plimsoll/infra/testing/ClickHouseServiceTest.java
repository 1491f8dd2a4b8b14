package dev.plimsoll.infra.testing;

import dev.plimsoll.infra.clickhouse.JdbcUrls;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** End-to-end smoke of the extension's ClickHouse side, on whatever backend this JVM chose. */
@ExtendWith(PlimsollServicesExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ClickHouseServiceTest {

    @Test
    void createDatabaseAppliesTheMigrations(ClickHouseService clickhouse) throws SQLException {
        String url = clickhouse.createDatabase("smoke");

        String database = JdbcUrls.database(url);
        assertThat(database).matches("smoke_[0-9a-f]{6}_\\d+");
        assertThat(strings(url, "SELECT currentDatabase()")).containsExactly(database);
        assertThat(
                        strings(
                                url,
                                "SELECT name FROM system.tables WHERE database = currentDatabase()"
                                        + " ORDER BY name"))
                .containsExactly(
                        "alert_events",
                        "alert_rules",
                        "alert_silences",
                        "cost_day",
                        "cost_hour",
                        "deploys",
                        "schema_migrations",
                        "service_day",
                        "service_day_mv",
                        "service_hour",
                        "service_hour_mv",
                        "service_minute");
        assertThat(
                        strings(
                                url,
                                "SELECT concat(toString(version), ':', name) FROM schema_migrations"
                                        + " ORDER BY version"))
                .containsExactly(
                        "1:service_metrics",
                        "2:users_sample_shift",
                        "3:late_corrections",
                        "4:cost_per_user",
                        "5:alerts");
    }

    @Test
    void databasesAreSeparate(ClickHouseService clickhouse) throws SQLException {
        String first = clickhouse.createEmptyDatabase("iso");
        String second = clickhouse.createEmptyDatabase("iso");
        assertThat(JdbcUrls.database(first)).isNotEqualTo(JdbcUrls.database(second));
        assertThat(
                        strings(
                                first,
                                "SELECT name FROM system.tables WHERE database ="
                                        + " currentDatabase()"))
                .isEmpty();

        execute(first, "CREATE TABLE t (n UInt32) ENGINE = MergeTree ORDER BY n");
        execute(first, "INSERT INTO t VALUES (1), (2), (3)");
        execute(second, "CREATE TABLE t (n UInt32) ENGINE = MergeTree ORDER BY n");
        assertThat(strings(first, "SELECT sum(n) FROM t")).containsExactly("6");
        assertThat(strings(second, "SELECT count() FROM t")).containsExactly("0");
    }

    @Test
    void rejectsPrefixesThatAreNotPlainNames(ClickHouseService clickhouse) {
        for (String bad : new String[] {"", "1abc", "with-dash", "a b", "x".repeat(41), null}) {
            assertThatThrownBy(() -> clickhouse.createDatabase(bad))
                    .as("prefix %s", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("prefix must start with a letter");
        }
    }

    @Test
    void isTheSharedInstance(ClickHouseService clickhouse) {
        assertThat(clickhouse).isSameAs(PlimsollServices.clickhouse());
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static List<String> strings(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }
}
