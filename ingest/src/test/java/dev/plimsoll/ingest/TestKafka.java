package dev.plimsoll.ingest;

import dev.plimsoll.core.telemetry.TelemetryTopics;
import dev.plimsoll.infra.testing.KafkaService;
import dev.plimsoll.infra.testing.PlimsollServices;

/**
 * The shared test broker with the telemetry topics created up front: an idempotent producer can
 * lose its first batch on a topic auto-created under it (KAFKA-15591, see infra's KafkaTopics).
 */
public final class TestKafka {
    private static volatile boolean topicsCreated;

    private TestKafka() {}

    public static String bootstrapServers() {
        KafkaService kafka = PlimsollServices.kafka();
        if (!topicsCreated) {
            synchronized (TestKafka.class) {
                if (!topicsCreated) {
                    kafka.createTopics(TelemetryTopics.ALL.toArray(String[]::new));
                    topicsCreated = true;
                }
            }
        }
        return kafka.bootstrapServers();
    }
}
