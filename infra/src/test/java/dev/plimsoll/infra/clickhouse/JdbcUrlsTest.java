package dev.plimsoll.infra.clickhouse;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JdbcUrlsTest {

    @Test
    void replacesTheDatabaseKeepingEverythingElse() {
        assertThat(
                        JdbcUrls.withDatabase(
                                "jdbc:clickhouse://127.0.0.1:8123/default?compress=false", "t_1"))
                .isEqualTo("jdbc:clickhouse://127.0.0.1:8123/t_1?compress=false");
        assertThat(JdbcUrls.withDatabase("jdbc:ch:https://ch.example:8443/db?ssl=true#a,b", "x"))
                .isEqualTo("jdbc:ch:https://ch.example:8443/x?ssl=true#a,b");
    }

    @Test
    void addsADatabaseWhereThereIsNone() {
        assertThat(JdbcUrls.withDatabase("jdbc:clickhouse://host:8123", "x"))
                .isEqualTo("jdbc:clickhouse://host:8123/x");
        assertThat(JdbcUrls.withDatabase("jdbc:clickhouse://host:8123/", "x"))
                .isEqualTo("jdbc:clickhouse://host:8123/x");
        assertThat(JdbcUrls.withDatabase("jdbc:clickhouse://host?compress=false", "x"))
                .isEqualTo("jdbc:clickhouse://host/x?compress=false");
    }

    @Test
    void readsTheDatabase() {
        assertThat(JdbcUrls.database("jdbc:clickhouse://h:1/metrics?x=1")).isEqualTo("metrics");
        assertThat(JdbcUrls.database("jdbc:clickhouse://h:1")).isEqualTo("default");
        assertThat(JdbcUrls.database("jdbc:clickhouse://h:1/?x=1")).isEqualTo("default");
    }

    @Test
    void addsEncodedParameters() {
        assertThat(JdbcUrls.withParameter("jdbc:clickhouse://h:1/db", "user", "test"))
                .isEqualTo("jdbc:clickhouse://h:1/db?user=test");
        assertThat(JdbcUrls.withParameter("jdbc:clickhouse://h:1/db?a=1#t", "password", "p&w d"))
                .isEqualTo("jdbc:clickhouse://h:1/db?a=1&password=p%26w+d#t");
        assertThat(JdbcUrls.withParameter("jdbc:clickhouse://h:1", "user", "u"))
                .isEqualTo("jdbc:clickhouse://h:1?user=u");
    }

    @Test
    void redactsPasswordsForLogs() {
        assertThat(JdbcUrls.redacted("jdbc:clickhouse://h:1/db?user=u&password=s3cr%26t&x=1#t"))
                .isEqualTo("jdbc:clickhouse://h:1/db?user=u&password=***&x=1#t");
        assertThat(JdbcUrls.redacted("jdbc:clickhouse://h:1/db?password=p"))
                .isEqualTo("jdbc:clickhouse://h:1/db?password=***");
        assertThat(JdbcUrls.redacted("jdbc:clickhouse://h:1/db?compress=false"))
                .isEqualTo("jdbc:clickhouse://h:1/db?compress=false");
    }

    @Test
    void rejectsOtherUrls() {
        assertThatThrownBy(() -> JdbcUrls.withDatabase("jdbc:postgresql://h/db", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Not a ClickHouse JDBC URL (jdbc:clickhouse://host:port/database):"
                                + " jdbc:postgresql://h/db");
    }
}
