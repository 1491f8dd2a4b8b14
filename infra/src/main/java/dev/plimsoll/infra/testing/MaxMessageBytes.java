package dev.plimsoll.infra.testing;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Sets a topic's {@code max.message.bytes} on a real broker — the way tests make Kafka refuse part
 * of a batch (a partial write) — and waits until the broker decides by it: it applies a topic's
 * config asynchronously, so a probe record of 1 100 bytes is sent until it is refused (limit below
 * 1 000 bytes) or accepted (limit above).
 */
public final class MaxMessageBytes {

    private static final int PROBE_BYTES = 1_100;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private MaxMessageBytes() {}

    /**
     * Sets {@code topic}'s {@code max.message.bytes} to {@code bytes} and waits until it applies.
     *
     * @param probeKey the key of the probe records the topic receives meanwhile (so that a test can
     *     tell them from what it wrote), or {@code null}
     */
    public static void set(String bootstrap, String topic, int bytes, byte[] probeKey)
            throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.incrementalAlterConfigs(
                            Map.of(
                                    new ConfigResource(ConfigResource.Type.TOPIC, topic),
                                    List.of(
                                            new AlterConfigOp(
                                                    new ConfigEntry(
                                                            TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                                                            Integer.toString(bytes)),
                                                    AlterConfigOp.OpType.SET))))
                    .all()
                    .get();
        }
        boolean refuse = bytes < 1_000;
        try (KafkaProducer<byte[], byte[]> probe =
                new KafkaProducer<>(
                        Map.of(
                                "bootstrap.servers",
                                bootstrap,
                                "acks",
                                "all",
                                "retries",
                                0,
                                "enable.idempotence",
                                false),
                        new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (refused(probe, topic, probeKey) != refuse) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "max.message.bytes="
                                    + bytes
                                    + " of "
                                    + topic
                                    + " not applied by the broker within "
                                    + WAIT);
                }
                Thread.sleep(100);
            }
        }
    }

    private static boolean refused(KafkaProducer<byte[], byte[]> probe, String topic, byte[] key)
            throws ExecutionException, InterruptedException {
        try {
            probe.send(new ProducerRecord<>(topic, key, new byte[PROBE_BYTES])).get();
            return false;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RecordTooLargeException) {
                return true;
            }
            throw e;
        }
    }
}
