package dev.plimsoll.notify.config;

import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.KafkaStreams;

import java.util.LinkedHashMap;
import java.util.Map;

/** Readiness of the notify role: the grouping stage runs and the sender reads the outbox. */
@Singleton
@Readiness
@Requires(property = "plimsoll.notify.enabled", notEquals = "false")
@Requires(property = "endpoints.health.enabled", notEquals = "false")
final class NotifyHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final NotifyRole role;

    NotifyHealthIndicator(NotifyRole role) {
        this.role = role;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        KafkaStreams.State state = role.worker().streamsState();
        boolean grouping =
                state == KafkaStreams.State.RUNNING
                        || state == KafkaStreams.State.REBALANCING
                        || state == KafkaStreams.State.CREATED;
        boolean sender = role.worker().senderAlive();
        healthStatus = grouping && sender ? HealthStatus.UP : HealthStatus.DOWN;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("grouping", state.name());
        details.put("sender", sender ? "running" : "stopped");
        details.put("inFlight", role.worker().inFlight());
        return details;
    }

    @Override
    protected String getName() {
        return "notify";
    }
}
