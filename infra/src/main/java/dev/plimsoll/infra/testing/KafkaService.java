package dev.plimsoll.infra.testing;

import dev.plimsoll.infra.kafka.KafkaTopics;

import java.time.Duration;
import java.util.List;

/**
 * A Kafka cluster for tests, shared by every test of the JVM. Resolved as a test-method or
 * constructor parameter by {@link PlimsollServicesExtension}, or obtained with {@link
 * PlimsollServices#kafka()}.
 *
 * <p>Topics are shared too: tests should use their own topic names (or unique suffixes) rather than
 * assume an empty cluster.
 */
public interface KafkaService {

    /** The bootstrap address for Kafka clients, for instance {@code "127.0.0.1:40263"}. */
    String bootstrapServers();

    /**
     * Creates these topics (3 partitions, replication 1; existing ones are left alone) and returns
     * once every partition accepts writes. Tests call it before producing: an idempotent producer
     * can lose its first batch on a topic that is created on the fly (see {@link
     * dev.plimsoll.infra.kafka.KafkaTopics}).
     */
    default void createTopics(String... topics) {
        KafkaTopics.createAndAwait(
                bootstrapServers(), List.of(topics), 3, (short) 1, Duration.ofSeconds(60));
    }
}
