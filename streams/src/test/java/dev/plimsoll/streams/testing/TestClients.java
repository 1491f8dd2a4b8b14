package dev.plimsoll.streams.testing;

import dev.plimsoll.infra.kafka.KafkaTopics;
import dev.plimsoll.streams.StreamsSettings;
import dev.plimsoll.streams.row.ServiceMinuteRow;
import dev.plimsoll.streams.row.ServiceMinuteRowJson;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** Kafka and ClickHouse helpers for the integration tests (real clients, no mocks). */
public final class TestClients {

    /** Consumer settings that let a group notice a killed member within seconds. */
    public static final Map<String, String> FAST_GROUP =
            Map.of(
                    ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000",
                    ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "1000");

    private static final AtomicInteger NAMES = new AtomicInteger();

    private TestClients() {}

    /**
     * Settings of a job for an integration test: one input partition, a commit every 200 ms and a
     * group that notices a killed member within seconds; defaults otherwise.
     */
    public static StreamsSettings.Builder fastJob(
            String bootstrap, Path stateDir, String applicationId, String input, String output) {
        return StreamsSettings.defaults(bootstrap, stateDir).toBuilder()
                .applicationId(applicationId)
                .inputTopic(input)
                .outputTopic(output)
                .topicPartitions(1)
                .commitInterval(Duration.ofMillis(200))
                .kafkaOverrides(FAST_GROUP);
    }

    /** A topic name not used by any other test of this JVM. */
    public static String uniqueTopic(String prefix) {
        return prefix + "-" + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet();
    }

    public static Admin admin(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return Admin.create(p);
    }

    public static void createTopic(String bootstrap, String topic, int partitions) {
        try (Admin admin = admin(bootstrap)) {
            KafkaTopics.createAndAwait(
                    admin,
                    List.of(new NewTopic(topic, partitions, (short) 1)),
                    Duration.ofSeconds(60));
        }
    }

    public static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    /** Sends the rows (keyed by service, spread by key over the partitions) and waits for acks. */
    public static void produceRows(String bootstrap, String topic, List<ServiceMinuteRow> rows) {
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
            for (ServiceMinuteRow row : rows) {
                acks.add(
                        producer.send(
                                new ProducerRecord<>(
                                        topic, row.service(), ServiceMinuteRowJson.encode(row))));
            }
            for (java.util.concurrent.Future<?> ack : acks) {
                ack.get();
            }
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("producing rows failed", e);
        }
    }

    /** Every committed record of the topic, read with {@code read_committed}. */
    public static <T> List<T> readAllCommitted(
            String bootstrap, String topic, Function<ConsumerRecord<byte[], byte[]>, T> map) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        List<T> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                            .map(i -> new TopicPartition(topic, i.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions); // the LSO
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(r -> out.add(map.apply(r)));
            }
        }
        return out;
    }

    /** The number of committed records of the topic. */
    public static long countCommitted(String bootstrap, String topic) {
        return readAllCommitted(bootstrap, topic, r -> 1).size();
    }

    /** Σ over the topic's partitions of the offsets the consumer group has committed. */
    public static long committedOffsets(String bootstrap, String group, String topic) {
        try (Admin admin = admin(bootstrap)) {
            return admin
                    .listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get()
                    .entrySet()
                    .stream()
                    .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset())
                    .sum();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("reading offsets failed", e);
        }
    }

    /** Whether the consumer group has committed the end offset of every partition of the topic. */
    public static boolean consumedAll(String bootstrap, String group, String topic) {
        try (Admin admin = admin(bootstrap)) {
            Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            int partitions =
                    admin.describeTopics(List.of(topic))
                            .allTopicNames()
                            .get()
                            .get(topic)
                            .partitions()
                            .size();
            Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(
                        new TopicPartition(topic, p),
                        org.apache.kafka.clients.admin.OffsetSpec.latest());
            }
            var ends = admin.listOffsets(latest).all().get();
            return latest.keySet().stream()
                    .allMatch(
                            tp ->
                                    committed.get(tp) != null
                                            && committed.get(tp).offset() >= ends.get(tp).offset());
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("reading offsets failed", e);
        }
    }

    public static long queryLong(String jdbcUrl, String sql) {
        try (Connection c = DriverManager.getConnection(jdbcUrl);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
        }
    }

    public static String queryString(String jdbcUrl, String sql) {
        try (Connection c = DriverManager.getConnection(jdbcUrl);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
        }
    }

    /** First column as key, second as a long value. */
    public static Map<String, Long> queryMap(String jdbcUrl, String sql) {
        Map<String, Long> out = new HashMap<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
        }
        return out;
    }

    public static void execute(String jdbcUrl, String sql) {
        try (Connection c = DriverManager.getConnection(jdbcUrl);
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
        }
    }
}
