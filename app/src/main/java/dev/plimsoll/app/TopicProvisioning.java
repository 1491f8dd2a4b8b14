package dev.plimsoll.app;

import dev.plimsoll.core.telemetry.TelemetryTopics;
import dev.plimsoll.infra.kafka.KafkaTopics;
import dev.plimsoll.notify.kafka.NotifyTopics;
import dev.plimsoll.streams.StreamsService;
import dev.plimsoll.streams.StreamsSettings;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Creates Plimsoll's topics before any role starts, and waits until every partition accepts writes.
 * Topics must not be left to auto-creation: an idempotent producer can lose its first batch on a
 * topic created under it (KAFKA-15591; see {@link KafkaTopics}). Existing topics are left as they
 * are.
 */
final class TopicProvisioning {

    /** Property: partitions of new topics (default 3). */
    static final String PARTITIONS = "plimsoll.kafka.topic-partitions";

    /** Property: replication factor of new topics (default: the broker's default). */
    static final String REPLICATION = "plimsoll.kafka.topic-replication-factor";

    private static final Duration NOTIFY_RETENTION = Duration.ofDays(7);

    private TopicProvisioning() {}

    /** The topics every Plimsoll deployment uses, whatever its roles. */
    static List<String> topics() {
        List<String> topics = new ArrayList<>(TelemetryTopics.ALL);
        topics.add(StreamsSettings.DEFAULT_OUTPUT_TOPIC);
        topics.addAll(NotifyTopics.all()); // alerts.events.v1 and the notify module's topics
        return List.copyOf(topics);
    }

    private static Map<String, String> config(String topic) {
        if (topic.equals(StreamsSettings.DEFAULT_OUTPUT_TOPIC)) {
            return StreamsService.OUTPUT_TOPIC_CONFIG;
        }
        // Notify: the delivery log and contact points are compacted; outbox and log keep 7 days.
        return NotifyTopics.config(topic, NOTIFY_RETENTION);
    }

    static void provision(
            String bootstrapServers,
            int partitions,
            Optional<Short> replicationFactor,
            Duration timeout) {
        if (partitions < 1) {
            throw new IllegalArgumentException(PARTITIONS + " must be >= 1, but was " + partitions);
        }
        List<NewTopic> newTopics =
                topics().stream()
                        .map(
                                t ->
                                        new NewTopic(t, Optional.of(partitions), replicationFactor)
                                                .configs(config(t)))
                        .toList();
        try (Admin admin =
                Admin.create(
                        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            KafkaTopics.createAndAwait(admin, newTopics, timeout);
        }
    }
}
