package dev.plimsoll.app;

import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.KafkaStreams;

import java.util.LinkedHashMap;
import java.util.Map;

/** Readiness of the streams role: the Kafka Streams job runs and the sink has not failed. */
@Singleton
@Readiness
@Requires(property = "plimsoll.streams.enabled", notEquals = "false")
@Requires(property = "endpoints.health.enabled", notEquals = "false")
final class StreamsHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final StreamsRole role;

    StreamsHealthIndicator(StreamsRole role) {
        this.role = role;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        KafkaStreams.State state = role.streams().state();
        Throwable sinkFailure = role.sink().failure();
        boolean running =
                state == KafkaStreams.State.RUNNING
                        || state == KafkaStreams.State.REBALANCING
                        || state == KafkaStreams.State.CREATED;
        healthStatus =
                running && sinkFailure == null && role.sink().isRunning()
                        ? HealthStatus.UP
                        : HealthStatus.DOWN;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("kafkaStreams", state.name());
        details.put(
                "sink", sinkFailure == null ? "running" : "failed: " + sinkFailure.getMessage());
        details.put("sinkStats", role.sink().stats().toString());
        return details;
    }

    @Override
    protected String getName() {
        return "streams";
    }
}
