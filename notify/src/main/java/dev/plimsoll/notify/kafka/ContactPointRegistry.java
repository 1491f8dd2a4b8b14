package dev.plimsoll.notify.kafka;

import dev.plimsoll.core.DecodingException;
import dev.plimsoll.notify.contact.ContactPoint;
import dev.plimsoll.notify.contact.ContactPointCodec;
import dev.plimsoll.notify.contact.ContactPoints;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Every contact point of the deployment: those of the YAML file (read-only) and those created
 * through the API, kept in the compacted topic {@code notify.contact-points.v1} so that every
 * process (API, delivery worker) sees the same ones. A write returns once this process's view holds
 * it (read-your-writes). A file entry hides an API entry of the same name. Thread-safe.
 */
public final class ContactPointRegistry implements ContactPoints, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ContactPointRegistry.class);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private final String topic;
    private final Map<String, ContactPoint> fileEntries;
    private final TopicView<ContactPoint> view;
    private final KafkaProducer<String, byte[]> producer;

    public ContactPointRegistry(
            String bootstrapServers,
            String topic,
            Map<String, ContactPoint> fileEntries,
            String clientId) {
        this.topic = topic;
        this.fileEntries = Map.copyOf(fileEntries);
        this.view =
                new TopicView<>(
                        bootstrapServers,
                        topic,
                        ContactPointRegistry::decode,
                        clientId + "-contact-points");
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-contact-points-writer");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        try {
            view.awaitCaughtUp(WRITE_TIMEOUT, bootstrapServers);
        } catch (TimeoutException e) {
            LOG.warn("Contact points not fully loaded yet: {}", e.getMessage());
        }
    }

    private static Optional<ContactPoint> decode(byte[] value) {
        try {
            return Optional.of(ContactPointCodec.decode(value));
        } catch (DecodingException e) {
            LOG.error("Ignoring an unreadable contact point record: {}", e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public Optional<ContactPoint> find(String name) {
        ContactPoint f = fileEntries.get(name);
        return f != null ? Optional.of(f) : view.get(name);
    }

    /** All contact points, by name. */
    public List<ContactPoint> all() {
        List<ContactPoint> out = new ArrayList<>(fileEntries.values());
        for (ContactPoint cp : view.values()) {
            if (!fileEntries.containsKey(cp.name())) {
                out.add(cp);
            }
        }
        out.sort(Comparator.comparing(ContactPoint::name));
        return out;
    }

    /** Stores an API contact point (create or replace). */
    public void put(ContactPoint cp) {
        write(cp.name(), ContactPointCodec.encode(cp));
    }

    /** Removes an API contact point. */
    public void delete(String name) {
        write(name, null);
    }

    private void write(String name, byte[] value) {
        try {
            RecordMetadata m =
                    producer.send(new ProducerRecord<>(topic, name, value))
                            .get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            view.awaitOffset(m.partition(), m.offset(), WRITE_TIMEOUT);
        } catch (ExecutionException | TimeoutException e) {
            throw new StoreUnavailableException(
                    "contact point '" + name + "' could not be stored: Kafka did not confirm", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while storing a contact point", e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        view.close();
    }
}
