package dev.plimsoll.queryapi;

import dev.plimsoll.queryapi.security.SecuritySettings;
import dev.plimsoll.queryapi.support.ClosedPort;
import dev.plimsoll.read.clickhouse.ClickHouseSettings;

import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Defaults and constraints of the query API's configuration. */
class ConfigurationTest {

    @Test
    void defaults() {
        try (ApplicationContext context = run(Map.of())) {
            assertThat(context.getBean(QueryApiSettings.class).maxPoints()).isEqualTo(10_000);
            ClickHouseSettings clickhouse = context.getBean(ClickHouseSettings.class);
            assertThat(clickhouse.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
            assertThat(clickhouse.queryTimeout()).isEqualTo(Duration.ofSeconds(15));
            SecuritySettings security = context.getBean(SecuritySettings.class);
            assertThat(security.mode()).isEqualTo("keys");
            assertThat(security.open()).isFalse();
            assertThat(security.reloadInterval()).isEqualTo(Duration.ofSeconds(10));
        }
    }

    @Test
    void maxPointsMustBePositive() {
        try (ApplicationContext context = run(Map.of("plimsoll.api.max-points", 0))) {
            assertThatThrownBy(() -> context.getBean(QueryApiSettings.class))
                    .hasStackTraceContaining("maxPoints")
                    .hasStackTraceContaining("greater than or equal to 1");
        }
    }

    @Test
    void theApiCanBeSwitchedOff() {
        try (ApplicationContext context = run(Map.of("plimsoll.api.enabled", false))) {
            assertThat(context.containsBean(ServicesController.class)).isFalse();
            assertThat(context.containsBean(dev.plimsoll.queryapi.security.ApiKeyFilter.class))
                    .isFalse();
            // The read side has its own switch: the alert evaluator uses it without the API.
            assertThat(context.containsBean(dev.plimsoll.read.clickhouse.ClickHouseGateway.class))
                    .isTrue();
        }
    }

    @Test
    void theReadSideCanBeSwitchedOff() {
        try (ApplicationContext context =
                run(Map.of("plimsoll.api.enabled", false, "plimsoll.read.enabled", false))) {
            assertThat(context.containsBean(dev.plimsoll.read.clickhouse.ClickHouseGateway.class))
                    .isFalse();
            assertThat(context.containsBean(dev.plimsoll.read.clickhouse.LatencyReader.class))
                    .isFalse();
        }
    }

    @Test
    void anUnknownSecurityModeStopsTheStart() {
        assertThatThrownBy(() -> run(Map.of("plimsoll.security.mode", "off")).close())
                .hasStackTraceContaining("mode")
                .hasStackTraceContaining("must be keys or open");
    }

    private static ApplicationContext run(Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(properties);
        all.putIfAbsent("plimsoll.clickhouse.url", ClosedPort.clickHouseUrl());
        return ApplicationContext.run(all, "test");
    }
}
