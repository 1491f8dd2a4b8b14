package dev.plimsoll.read.clickhouse;

import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Readiness: the query API is ready when ClickHouse answers. Not a liveness check: a ClickHouse
 * outage must not get the API process restarted, it answers 503 meanwhile. Details name the
 * endpoint and database, never credentials.
 */
@Singleton
@Readiness
@Requires(property = "plimsoll.read.enabled", notEquals = "false")
@Requires(property = "endpoints.health.enabled", notEquals = "false")
public final class ClickHouseHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final ClickHouseGateway gateway;

    public ClickHouseHealthIndicator(ClickHouseGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("endpoint", gateway.url().hostAndPort());
        details.put("database", gateway.url().database());
        details.put("version", gateway.serverVersion());
        healthStatus = HealthStatus.UP;
        return details;
    }

    @Override
    protected String getName() {
        return "clickhouse";
    }
}
