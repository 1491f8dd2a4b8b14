package dev.plimsoll.notify.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The latest value of every key of a compacted topic, kept in memory by a consumer that reads the
 * topic from the beginning and follows it (no consumer group: every process holds the whole view).
 * A null value (tombstone) or one the decoder rejects removes the key. Thread-safe.
 *
 * @param <V> the decoded value
 */
public final class TopicView<V> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicView.class);

    private final String topic;
    private final Function<byte[], Optional<V>> decoder;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, V> values = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private final Object progress = new Object();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    /**
     * Starts reading.
     *
     * @param decoder the value of a record, or empty to drop the key
     */
    public TopicView(
            String bootstrapServers,
            String topic,
            Function<byte[], Optional<V>> decoder,
            String clientId) {
        this.topic = topic;
        this.decoder = decoder;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (partitions == null || partitions.isEmpty()) {
            consumer.close();
            throw new IllegalStateException(
                    "topic " + topic + " does not exist; it is created when Plimsoll starts");
        }
        List<TopicPartition> tps =
                partitions.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(tps);
        consumer.seekToBeginning(tps);
        tps.forEach(tp -> positions.put(tp, 0L));
        this.thread = new Thread(this::run, clientId);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() == null) {
                        continue;
                    }
                    Optional<V> v = r.value() == null ? Optional.empty() : decoder.apply(r.value());
                    if (v.isPresent()) {
                        values.put(r.key(), v.get());
                    } else {
                        values.remove(r.key());
                    }
                }
                for (TopicPartition tp : consumer.assignment()) {
                    positions.put(tp, consumer.position(tp));
                }
                synchronized (progress) {
                    progress.notifyAll();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            if (running) {
                failure = e;
                LOG.error("Reading {} stopped", topic, e);
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
            synchronized (progress) {
                progress.notifyAll();
            }
        }
    }

    public Optional<V> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public Collection<V> values() {
        return values.values();
    }

    /** Waits until the view has applied {@code offset} of {@code partition}. */
    public void awaitOffset(int partition, long offset, Duration timeout) throws TimeoutException {
        awaitPositions(Map.of(new TopicPartition(topic, partition), offset + 1), timeout);
    }

    /**
     * Waits until the view holds everything written to the topic before this call (read-your-
     * writes across processes).
     */
    public void awaitCaughtUp(Duration timeout, String bootstrapServers) throws TimeoutException {
        Map<TopicPartition, Long> ends = new HashMap<>();
        try (Admin admin =
                Admin.create(
                        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            positions.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .forEach((tp, info) -> ends.put(tp, info.offset()));
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the end of " + topic, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeoutException("interrupted");
        }
        awaitPositions(ends, timeout);
    }

    private void awaitPositions(Map<TopicPartition, Long> wanted, Duration timeout)
            throws TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (!reached(wanted)) {
                if (failure != null) {
                    throw new IllegalStateException("reading " + topic + " failed", failure);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !running) {
                    throw new TimeoutException("the view of " + topic + " did not catch up");
                }
                try {
                    progress.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new TimeoutException("interrupted");
                }
            }
        }
    }

    private boolean reached(Map<TopicPartition, Long> wanted) {
        for (Map.Entry<TopicPartition, Long> w : wanted.entrySet()) {
            if (positions.getOrDefault(w.getKey(), 0L) < w.getValue()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
