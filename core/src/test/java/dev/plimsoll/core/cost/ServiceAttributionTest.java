package dev.plimsoll.core.cost;

import dev.plimsoll.core.telemetry.CostRecord;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceAttributionTest {

    private static CostRecord record(String service, Map<String, String> tags) {
        return new CostRecord(
                "r",
                service,
                null,
                Instant.parse("2026-03-01T00:00:00Z"),
                Instant.parse("2026-03-01T01:00:00Z"),
                BigDecimal.ONE,
                "USD",
                tags);
    }

    private final ServiceAttribution defaults = ServiceAttribution.defaults();

    @Test
    void theRecordsServiceWinsOverTags() {
        assertThat(defaults.serviceOf(record("orders", Map.of("service", "search"))))
                .isEqualTo("orders");
    }

    @Test
    void tagKeysInOrderOfPreference() {
        assertThat(defaults.serviceOf(record(null, Map.of("app", "a", "application", "b"))))
                .isEqualTo("b");
        assertThat(
                        defaults.serviceOf(
                                record(null, Map.of("service", "s", "plimsoll.service", "p"))))
                .isEqualTo("p");
        assertThat(defaults.serviceOf(record(null, Map.of("app", "a")))).isEqualTo("a");
    }

    @Test
    void keysAndValuesAreTrimmedAndBlankValuesSkipped() {
        assertThat(
                        defaults.serviceOf(
                                record(null, Map.of(" application", " NimbusAPI ", "team", "x"))))
                .isEqualTo("NimbusAPI");
        assertThat(defaults.serviceOf(record(null, Map.of("service", " ", "app ", "api"))))
                .isEqualTo("api");
    }

    @Test
    void withoutAnOwnerTheCostIsShared() {
        assertThat(defaults.serviceOf(record(null, Map.of("team", "platform")))).isNull();
        assertThat(defaults.serviceOf(record(" ", Map.of()))).isNull();
    }

    @Test
    void configurableKeys() {
        ServiceAttribution byCostCenter = ServiceAttribution.byTags(List.of(" cost_center", "app"));
        assertThat(byCostCenter.tagKeys()).containsExactly("cost_center", "app");
        assertThat(
                        byCostCenter.serviceOf(
                                record(null, Map.of("service", "s", "cost_center", "cc"))))
                .isEqualTo("cc");
        assertThat(byCostCenter.serviceOf(record(null, Map.of("service", "s")))).isNull();
        assertThatThrownBy(() -> ServiceAttribution.byTags(List.of("app", " ")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
