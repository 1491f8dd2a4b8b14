package dev.plimsoll.read.clickhouse;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClickHouseUrlTest {

    @Test
    void parsesTheLocalEngineJdbcUrl() {
        assertThat(ClickHouseUrl.parse("jdbc:clickhouse://127.0.0.1:18123/plimsoll?compress=false"))
                .isEqualTo(
                        new ClickHouseUrl(
                                "http://127.0.0.1:18123", "plimsoll", Map.of("compress", "false")));
    }

    @Test
    void defaultsPortAndDatabase() {
        assertThat(ClickHouseUrl.parse("jdbc:ch://ch.internal"))
                .isEqualTo(new ClickHouseUrl("http://ch.internal:8123", "default", Map.of()));
    }

    @Test
    void httpsByProtocolOrSslOption() {
        assertThat(ClickHouseUrl.parse("jdbc:clickhouse:https://ch.example:9443/db").endpoint())
                .isEqualTo("https://ch.example:9443");
        assertThat(ClickHouseUrl.parse("jdbc:clickhouse://ch.example/db?ssl=true").endpoint())
                .isEqualTo("https://ch.example:8443");
    }

    @Test
    void decodesOptions() {
        assertThat(
                        ClickHouseUrl.parse("http://h:1/db?user=reader&password=p%40ss%26word")
                                .options())
                .containsEntry("user", "reader")
                .containsEntry("password", "p@ss&word");
    }

    @Test
    void refusesOtherJdbcDriversWithoutShowingThePassword() {
        assertThatThrownBy(() -> ClickHouseUrl.parse("jdbc:postgresql://h/db?password=secret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("it is not a ClickHouse JDBC URL")
                .hasMessageNotContaining("secret");
    }

    @Test
    void hostAndPortForLogs() {
        assertThat(ClickHouseUrl.parse("jdbc:clickhouse://u:p@h:9/db").hostAndPort())
                .isEqualTo("h:9");
    }
}
