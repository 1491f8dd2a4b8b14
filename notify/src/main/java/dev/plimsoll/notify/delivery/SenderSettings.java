package dev.plimsoll.notify.delivery;

import java.time.Duration;
import java.util.Objects;

/**
 * How the sender delivers.
 *
 * @param bootstrapServers Kafka
 * @param groupId the consumer group of the outbox readers
 * @param instanceId a static group member id ({@code group.instance.id}), or null: a restarted
 *     instance with the same id takes its partitions back at once instead of after the session
 *     timeout
 * @param sessionTimeout the consumer group session timeout
 * @param maxAttempts attempts before a delivery is dead-lettered
 * @param backoff delays between attempts
 * @param maxConcurrencyPerTarget requests in flight per contact point
 * @param threads the HTTP worker threads shared by all contact points
 * @param maxInFlight messages held before reading the outbox pauses
 */
public record SenderSettings(
        String bootstrapServers,
        String groupId,
        String instanceId,
        Duration sessionTimeout,
        int maxAttempts,
        Backoff backoff,
        int maxConcurrencyPerTarget,
        int threads,
        int maxInFlight) {

    public SenderSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(sessionTimeout, "sessionTimeout");
        Objects.requireNonNull(backoff, "backoff");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (maxConcurrencyPerTarget < 1 || threads < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("concurrency settings must be at least 1");
        }
    }
}
