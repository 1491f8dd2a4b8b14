package dev.plimsoll.benchmarks.load;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;

/**
 * The peer: the same encoded events produced straight into {@code telemetry.requests.v1}, keyed by
 * service, with one producer shared by every concurrent batch and the settings of ingest's own
 * producer ({@code acks=all}, idempotent, {@code linger.ms=5}, no compression, default batch size).
 * A "request" here is one batch: all its records sent, then every acknowledgement awaited — what
 * ingest does per HTTP request, minus HTTP, parsing and validation. So it is the upper bound of the
 * HTTP path on the same broker.
 */
final class KafkaProduceSender implements BatchSender {

    private final String topic;
    private final Batches batches;
    private final byte[][] keys;
    private final byte[][] values;
    private final Producer<byte[], byte[]> producer;

    KafkaProduceSender(String bootstrap, String topic, Batches batches) {
        this.topic = topic;
        this.batches = batches;
        this.keys = batches.keys();
        this.values = batches.values();
        this.producer = producer(bootstrap, "plimsoll-load-benchmark");
    }

    static Producer<byte[], byte[]> producer(String bootstrap, String clientId) {
        Properties p = new Properties();
        p.putAll(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.CLIENT_ID_CONFIG,
                        clientId,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.LINGER_MS_CONFIG,
                        5,
                        ProducerConfig.MAX_BLOCK_MS_CONFIG,
                        30_000,
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                        60_000));
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Bytes of keys and values of a batch. */
    long bytes(int batch) {
        long n = 0;
        for (int i = batches.from(batch); i < batches.to(batch); i++) {
            n += keys[i].length + values[i].length;
        }
        return n;
    }

    @Override
    public String name() {
        return "Kafka producer (peer)";
    }

    @Override
    public Outcome send(int batch) throws Exception {
        int from = batches.from(batch);
        int to = batches.to(batch);
        List<Future<RecordMetadata>> acks = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            acks.add(producer.send(new ProducerRecord<>(topic, keys[i], values[i])));
        }
        for (Future<RecordMetadata> ack : acks) {
            ack.get();
        }
        return Outcome.accepted(to - from);
    }

    @Override
    public void close() {
        producer.close();
    }
}
