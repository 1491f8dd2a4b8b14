package dev.plimsoll.notify.kafka;

import dev.plimsoll.notify.delivery.Sender;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes to the outbox from outside the grouping stage: an operator's retry of a dead delivery, the
 * same message under its original key, marked with the redrive number so that the sender does not
 * skip it as finished. Thread-safe.
 */
public final class Outbox implements AutoCloseable {

    private final String topic;
    private final KafkaProducer<String, byte[]> producer;

    public Outbox(String bootstrapServers, String topic, String clientId) {
        this.topic = topic;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-outbox-writer");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Puts a message back into the outbox and waits for Kafka.
     *
     * @throws StoreUnavailableException when Kafka does not confirm in time
     */
    public void redrive(String key, byte[] message, int redrive) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, key, message);
        r.headers()
                .add(
                        Sender.REDRIVE_HEADER,
                        Integer.toString(redrive).getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(r).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new StoreUnavailableException("the message could not be queued again", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while queueing a message", e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
