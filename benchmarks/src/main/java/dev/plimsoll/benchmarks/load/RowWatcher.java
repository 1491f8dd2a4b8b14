package dev.plimsoll.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches the streams job's output topic ({@code metrics.service-minute.v1}, {@code
 * read_committed}) from its end at construction, and notes when the last row of a block's services
 * and minutes arrived: the moment the streams job had committed the block's final aggregates,
 * before the ClickHouse sink and the API. Rows are decoded with plain Jackson (the row JSON's
 * {@code service} and {@code minute} fields).
 */
final class RowWatcher implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Set<String> services;
    private final Instant from;
    private final Instant to;
    private final AtomicLong lastRow = new AtomicLong(-1);
    private final AtomicLong rows = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    RowWatcher(String bootstrap, String topic, Set<String> services, Instant from, Instant to) {
        this.services = services;
        this.from = from;
        this.to = to;
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrap,
                                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                                false,
                                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                                "read_committed",
                                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                                32 << 20,
                                ConsumerConfig.FETCH_MAX_BYTES_CONFIG,
                                64 << 20),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer());
        List<TopicPartition> partitions =
                consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // fix the start before anything is sent
        this.thread =
                new Thread(
                        () -> {
                            try (consumer) {
                                while (running) {
                                    for (ConsumerRecord<byte[], byte[]> r :
                                            consumer.poll(Duration.ofMillis(100))) {
                                        if (ours(r.value())) {
                                            rows.incrementAndGet();
                                            lastRow.set(System.nanoTime());
                                        }
                                    }
                                }
                            } catch (org.apache.kafka.common.errors.InterruptException e) {
                                // closing
                            }
                        },
                        "load-row-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private boolean ours(byte[] value) {
        try {
            JsonNode row = JSON.readTree(value);
            if (!services.contains(row.path("service").asText())) {
                return false;
            }
            Instant minute = Instant.parse(row.path("minute").asText());
            return !minute.isBefore(from) && minute.isBefore(to);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** {@link System#nanoTime()} when the last of the block's rows arrived, if any did. */
    OptionalLong lastRowNanos() {
        long t = lastRow.get();
        return t < 0 ? OptionalLong.empty() : OptionalLong.of(t);
    }

    long rows() {
        return rows.get();
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
