package dev.plimsoll.ingest;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Reads what a test wrote to a topic of the shared broker: remember the end offsets before, read up
 * to the end offsets after. Records that Kafka acknowledged before {@link #readNew} are below the
 * end offsets it sees, so nothing acknowledged is missed.
 */
public final class TopicReader implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final Map<TopicPartition, Long> start = new HashMap<>();

    private TopicReader(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
    }

    /** Marks the current end of {@code topic} (creating it if needed) as the starting point. */
    public static TopicReader fromEnd(String bootstrap, String topic) {
        TopicReader r = new TopicReader(bootstrap, topic);
        r.start.putAll(r.consumer.endOffsets(r.partitions(), Duration.ofSeconds(30)));
        return r;
    }

    /** Starts at the beginning of {@code topic}. */
    public static TopicReader fromStart(String bootstrap, String topic) {
        TopicReader r = new TopicReader(bootstrap, topic);
        r.start.putAll(r.consumer.beginningOffsets(r.partitions(), Duration.ofSeconds(30)));
        return r;
    }

    private List<TopicPartition> partitions() {
        List<PartitionInfo> infos = List.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (infos.isEmpty() && System.nanoTime() < deadline) {
            infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
        }
        List<TopicPartition> tps = new ArrayList<>();
        for (PartitionInfo i : infos) {
            tps.add(new TopicPartition(topic, i.partition()));
        }
        if (tps.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " has no partitions");
        }
        return tps;
    }

    /** Every record appended since {@link #fromEnd}, up to the current end offsets. */
    public List<ConsumerRecord<byte[], byte[]>> readNew() {
        Map<TopicPartition, Long> end = consumer.endOffsets(start.keySet(), Duration.ofSeconds(30));
        consumer.assign(start.keySet());
        start.forEach(consumer::seek);
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!reached(end) && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                    out.add(r);
                }
            }
        }
        if (!reached(end)) {
            throw new IllegalStateException("could not read " + topic + " up to " + end);
        }
        end.forEach(start::put);
        return out;
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
