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

    /**
     * The topics every Plimsoll deployment uses, whatever its roles: telemetry, the streams job's
     * output, and notify's (the alert events included).
     */
    static List<String> topics() {
        List<String> topics = new ArrayList<>(pipelineTopics());
        topics.addAll(NotifyTopics.all());
        return List.copyOf(topics);
    }

    /** Telemetry and the streams job's output. */
    private static List<String> pipelineTopics() {
        List<String> topics = new ArrayList<>(TelemetryTopics.ALL);
        topics.add(StreamsSettings.DEFAULT_OUTPUT_TOPIC);
        return topics;
    }

    private static Map<String, String> config(String topic) {
        return topic.equals(StreamsSettings.DEFAULT_OUTPUT_TOPIC)
                ? StreamsService.OUTPUT_TOPIC_CONFIG
                : Map.of();
    }

    static void provision(
            String bootstrapServers,
            int partitions,
            Optional<Short> replicationFactor,
            Duration timeout) {
        if (partitions < 1) {
            throw new IllegalArgumentException(PARTITIONS + " must be >= 1, but was " + partitions);
        }
        List<NewTopic> newTopics = new ArrayList<>();
        for (String t : pipelineTopics()) {
            newTopics.add(
                    new NewTopic(t, Optional.of(partitions), replicationFactor).configs(config(t)));
        }
        // the delivery log and contact points are compacted; outbox and log keep 7 days
        newTopics.addAll(NotifyTopics.newTopics(partitions, replicationFactor, NOTIFY_RETENTION));
        try (Admin admin =
                Admin.create(
                        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            KafkaTopics.createAndAwait(admin, newTopics, timeout);
        }
    }
}
