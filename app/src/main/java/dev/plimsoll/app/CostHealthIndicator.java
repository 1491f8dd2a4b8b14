package dev.plimsoll.app;

import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import org.apache.flink.api.common.JobStatus;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Readiness of the cost role: the Flink job is running (or being created, or restarting after a
 * failure — Flink restores it from its last checkpoint); DOWN once it failed for good.
 */
@Singleton
@Readiness
@Requires(property = "plimsoll.cost.enabled", notEquals = "false")
@Requires(property = "endpoints.health.enabled", notEquals = "false")
final class CostHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final CostRole role;

    CostHealthIndicator(CostRole role) {
        this.role = role;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        JobStatus status = role.service().status().orElse(JobStatus.INITIALIZING);
        healthStatus = status.isGloballyTerminalState() ? HealthStatus.DOWN : HealthStatus.UP;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("flinkJob", status.name());
        details.put(
                "restoredFrom",
                role.service()
                        .restoredFrom()
                        .map(Object::toString)
                        .orElse("nothing (a first start)"));
        return details;
    }

    @Override
    protected String getName() {
        return "cost";
    }
}
