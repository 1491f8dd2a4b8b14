package dev.plimsoll.notify.kafka;

import dev.plimsoll.core.DecodingException;
import dev.plimsoll.notify.delivery.DeliveryRecord;
import dev.plimsoll.notify.delivery.DeliveryRecordCodec;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The delivery log, Alertmanager's notification log made durable: the compacted topic {@code
 * notify.deliveries.v1} holds the latest {@link DeliveryRecord} of every delivery, and every
 * process keeps a view of it (the sender to skip what is finished, the API to list deliveries).
 * Records older than the retention are dropped from the view as the topic drops them. Thread-safe.
 */
public final class DeliveryLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryLog.class);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final String topic;
    private final Duration retention;
    private final TopicView<DeliveryRecord> view;
    private final KafkaProducer<String, byte[]> producer;

    public DeliveryLog(String bootstrapServers, String topic, Duration retention, String clientId) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.retention = retention;
        this.view =
                new TopicView<>(
                        bootstrapServers, topic, DeliveryLog::decode, clientId + "-deliveries");
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-deliveries-writer");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private static Optional<DeliveryRecord> decode(byte[] value) {
        try {
            return Optional.of(DeliveryRecordCodec.decode(value));
        } catch (DecodingException e) {
            LOG.error("Ignoring an unreadable delivery record: {}", e.getMessage());
            return Optional.empty();
        }
    }

    public Optional<DeliveryRecord> get(String id) {
        return view.get(id);
    }

    /** The deliveries within the retention. */
    public Collection<DeliveryRecord> all() {
        Instant cutoff = Instant.now().minus(retention);
        return view.values().stream().filter(r -> r.updatedAt().isAfter(cutoff)).toList();
    }

    /**
     * Writes a record and waits until Kafka has it.
     *
     * @throws StoreUnavailableException when Kafka does not confirm in time
     */
    public void write(DeliveryRecord r) {
        try {
            producer.send(new ProducerRecord<>(topic, r.id(), DeliveryRecordCodec.encode(r)))
                    .get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new StoreUnavailableException(
                    "delivery " + r.id() + " could not be recorded: Kafka did not confirm", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while recording a delivery", e);
        }
    }

    /** Waits until the view holds every record written before this call. */
    public void awaitCaughtUp(Duration timeout) throws TimeoutException {
        view.awaitCaughtUp(timeout, bootstrapServers);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        view.close();
    }
}
