package dev.plimsoll.ingest.kafka;

import dev.plimsoll.core.telemetry.DeadLetter;
import dev.plimsoll.core.telemetry.DeadLetterCodec;
import dev.plimsoll.core.telemetry.TelemetryCodec;
import dev.plimsoll.core.telemetry.TelemetryTopics;
import dev.plimsoll.ingest.IngestConfig;
import dev.plimsoll.ingest.metrics.IngestMetrics;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes accepted records and dead letters to Kafka and returns only when the brokers have
 * acknowledged every one of them ({@code acks=all}, idempotent producer). One producer is shared by
 * all requests (thread-safe, and it batches across them).
 */
@Singleton
@Requires(property = "plimsoll.ingest.enabled", notEquals = "false")
public class TelemetryPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TelemetryPublisher.class);

    private final Producer<byte[], byte[]> producer;
    private final Duration waitLimit;
    private final IngestMetrics metrics;

    public TelemetryPublisher(
            IngestConfig config,
            IngestMetrics metrics,
            @Value("${plimsoll.kafka.bootstrap-servers:127.0.0.1:9092}") String bootstrapServers) {
        this.metrics = metrics;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "plimsoll-ingest");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) config.producerMaxBlock().toMillis());
        p.put(
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) config.producerRequestTimeout().toMillis());
        p.put(
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                (int) config.producerDeliveryTimeout().toMillis());
        p.put(ProducerConfig.LINGER_MS_CONFIG, (int) config.producerLinger().toMillis());
        // A dead broker must not be hammered while requests keep arriving.
        p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2000);
        this.producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        // Futures complete (successfully or with a timeout) within delivery.timeout.ms; the
        // extra margin only guards against a producer bug leaving a request hanging forever.
        this.waitLimit =
                config.producerDeliveryTimeout().plus(config.producerMaxBlock()).plusSeconds(5);
    }

    /**
     * Sends {@code accepted} to the codec's topic, keyed by service, and {@code deadLetters} to
     * {@code telemetry.deadletter.v1}, then waits for every acknowledgement.
     *
     * @throws KafkaUnavailableException when any record was not acknowledged; some others may have
     *     been, so a retrying caller can cause duplicates (at-least-once) unless it sends an {@code
     *     Idempotency-Key} — never loss
     */
    public <T> void publish(TelemetryCodec<T> codec, List<T> accepted, List<DeadLetter> deadLetters)
            throws KafkaUnavailableException {
        publish(codec, accepted, deadLetters, null);
    }

    /**
     * Like {@link #publish(TelemetryCodec, List, List)}, every record stamped with the idempotency
     * headers of {@code stamp} when the request carried an {@code Idempotency-Key}: consumers then
     * count a record sent again in a retry once.
     *
     * @param stamp the batch id and record indexes, or {@code null} for a request without key
     */
    public <T> void publish(
            TelemetryCodec<T> codec,
            List<T> accepted,
            List<DeadLetter> deadLetters,
            @Nullable BatchStamp stamp)
            throws KafkaUnavailableException {
        metrics.decoded(codec.topic(), deadLetters.size());
        try {
            send(codec, accepted, deadLetters, stamp);
        } catch (KafkaUnavailableException e) {
            metrics.publishFailed(codec.topic());
            throw e;
        }
        metrics.published(codec.topic(), accepted.size(), deadLetters.size());
    }

    private <T> void send(
            TelemetryCodec<T> codec,
            List<T> accepted,
            List<DeadLetter> deadLetters,
            @Nullable BatchStamp stamp)
            throws KafkaUnavailableException {
        List<Future<RecordMetadata>> acks = new ArrayList<>(accepted.size() + deadLetters.size());
        try {
            for (int i = 0; i < accepted.size(); i++) {
                T value = accepted.get(i);
                acks.add(
                        failFast(
                                producer.send(
                                        new ProducerRecord<>(
                                                codec.topic(),
                                                null,
                                                codec.key(value).getBytes(StandardCharsets.UTF_8),
                                                codec.encode(value),
                                                stamp == null ? null : stamp.accepted(i)))));
            }
            for (int i = 0; i < deadLetters.size(); i++) {
                acks.add(
                        failFast(
                                producer.send(
                                        new ProducerRecord<byte[], byte[]>(
                                                TelemetryTopics.DEAD_LETTERS,
                                                null,
                                                (byte[]) null,
                                                DeadLetterCodec.encode(deadLetters.get(i)),
                                                stamp == null ? null : stamp.rejected(i)))));
            }
        } catch (KafkaException e) {
            throw unavailable(e);
        } catch (IllegalStateException e) {
            // The producer was closed under us: the process is shutting down. The caller may
            // retry (503), nothing of this batch was acknowledged.
            throw unavailable(e);
        }
        long deadline = System.nanoTime() + waitLimit.toNanos();
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                throw unavailable(e.getCause());
            } catch (TimeoutException e) {
                throw unavailable(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw unavailable(e);
            }
        }
    }

    /**
     * {@code send} reports metadata and buffer timeouts through an already-failed future instead of
     * throwing; without this check each further record of the batch would block for {@code
     * max.block.ms} again (20 records, 20 times the timeout).
     */
    private static Future<RecordMetadata> failFast(Future<RecordMetadata> ack)
            throws KafkaUnavailableException {
        if (ack.isDone()) {
            try {
                ack.get();
            } catch (ExecutionException e) {
                throw unavailable(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw unavailable(e);
            }
        }
        return ack;
    }

    private static KafkaUnavailableException unavailable(Throwable cause) {
        LOG.warn("Kafka did not acknowledge a batch: {}", cause.toString());
        return new KafkaUnavailableException(
                "Kafka did not acknowledge the records in time ("
                        + cause.getClass().getSimpleName()
                        + "); nothing of this request is confirmed, retry later.",
                cause);
    }

    @PreDestroy
    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
