package dev.plimsoll.notify.kafka;

import dev.plimsoll.core.alert.event.AlertTopics;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The notify module's topics. The outbox and the delivery log keep a week by default; the contact
 * points and the delivery log are compacted (the latest record per key is the state).
 */
public final class NotifyTopics {

    /** Messages to send ({@code NotificationCodec}), keyed {@code <contactPoint>|<groupKey>}. */
    public static final String OUTBOX = "notify.outbox.v1";

    /** The delivery log ({@code DeliveryRecordCodec}), keyed by delivery id; compacted. */
    public static final String DELIVERIES = "notify.deliveries.v1";

    /** Contact points created through the API ({@code ContactPointCodec}), keyed by name. */
    public static final String CONTACT_POINTS = "notify.contact-points.v1";

    private NotifyTopics() {}

    /**
     * The topic names one deployment uses: the defaults above, or others when several deployments
     * (or test suites) share a Kafka cluster ({@code plimsoll.notify.topics.*}).
     */
    public record Names(String events, String outbox, String deliveries, String contactPoints) {

        public static Names defaults() {
            return new Names(AlertTopics.EVENTS, OUTBOX, DELIVERIES, CONTACT_POINTS);
        }

        public List<String> all() {
            return List.of(events, outbox, deliveries, contactPoints);
        }

        /** The topics to create, with their configuration. */
        public List<NewTopic> newTopics(
                int partitions, Optional<Short> replication, Duration retention) {
            Map<String, String> roles =
                    Map.of(
                            events,
                            "",
                            outbox,
                            OUTBOX,
                            deliveries,
                            DELIVERIES,
                            contactPoints,
                            CONTACT_POINTS);
            return all().stream()
                    .map(
                            t ->
                                    new NewTopic(t, Optional.of(partitions), replication)
                                            .configs(config(roles.get(t), retention)))
                    .toList();
        }
    }

    /** Every topic notify reads or writes, the alert events included. */
    public static List<String> all() {
        return List.of(AlertTopics.EVENTS, OUTBOX, DELIVERIES, CONTACT_POINTS);
    }

    /** The configuration each topic needs when it is created. */
    public static Map<String, String> config(String topic, Duration retention) {
        String ms = Long.toString(retention.toMillis());
        return switch (topic) {
            case OUTBOX -> Map.of(TopicConfig.RETENTION_MS_CONFIG, ms);
            case DELIVERIES ->
                    Map.of(
                            TopicConfig.CLEANUP_POLICY_CONFIG,
                            TopicConfig.CLEANUP_POLICY_COMPACT
                                    + ","
                                    + TopicConfig.CLEANUP_POLICY_DELETE,
                            TopicConfig.RETENTION_MS_CONFIG,
                            ms);
            case CONTACT_POINTS ->
                    Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
            default -> Map.of();
        };
    }

    /** The default topics to create, with their configuration. */
    public static List<NewTopic> newTopics(
            int partitions, Optional<Short> replication, Duration retention) {
        return Names.defaults().newTopics(partitions, replication, retention);
    }
}
