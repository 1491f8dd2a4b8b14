package dev.plimsoll.app;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JdbcUrlsTest {

    @Test
    void readsTheDatabaseFromThePath() {
        assertThat(JdbcUrls.database("jdbc:clickhouse://ch.internal:8123/plimsoll?compress=false"))
                .isEqualTo("plimsoll");
        assertThat(JdbcUrls.database("jdbc:clickhouse:https://ch.example:8443/metrics"))
                .isEqualTo("metrics");
    }

    @Test
    void defaultsWhenThePathIsEmpty() {
        assertThat(JdbcUrls.database("jdbc:clickhouse://127.0.0.1:8123")).isEqualTo("default");
        assertThat(JdbcUrls.database("jdbc:clickhouse://127.0.0.1:8123/?x=1")).isEqualTo("default");
    }

    @Test
    void rejectsOtherUrlsNamingTheSetting() {
        assertThatThrownBy(() -> JdbcUrls.database("jdbc:postgresql://db/x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PLIMSOLL_CLICKHOUSE_URL");
    }
}
