package dev.plimsoll.benchmarks.load;

import dev.plimsoll.core.telemetry.MalformedTelemetryException;
import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.core.telemetry.RequestEventCodec;
import dev.plimsoll.core.telemetry.Validation;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * What the benchmark needs from Kafka besides the peer path: the input topic's partitions, the
 * latest event time already in it (where earlier runs left stream time), the markers, and the
 * streams job's lag.
 */
final class KafkaSide implements AutoCloseable {

    /** Records read from the end of each partition to find the latest event time. */
    static final int TAIL = 500;

    private final String bootstrap;
    private final String topic;
    private final Admin admin;
    private final Producer<byte[], byte[]> markerProducer;
    private final int partitions;

    KafkaSide(String bootstrap, String topic) throws InterruptedException {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrap,
                                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                                10_000,
                                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                                15_000));
        try {
            this.partitions =
                    admin.describeTopics(List.of(topic))
                            .allTopicNames()
                            .get(20, TimeUnit.SECONDS)
                            .get(topic)
                            .partitions()
                            .size();
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            admin.close();
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException(
                    cause instanceof UnknownTopicOrPartitionException
                            ? "topic "
                                    + topic
                                    + " does not exist at "
                                    + bootstrap
                                    + ": is Plimsoll running against this Kafka?"
                            : "cannot reach Kafka at " + bootstrap + ": " + cause,
                    cause);
        }
        this.markerProducer = KafkaProduceSender.producer(bootstrap, "plimsoll-load-markers");
    }

    int partitions() {
        return partitions;
    }

    /**
     * The latest request start among the last {@value #TAIL} records of each partition: stream time
     * as earlier runs (which end with markers) left it. Empty for an empty topic.
     */
    Optional<Instant> latestEventTime() {
        Map<String, Object> config =
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, TAIL);
        RequestEventCodec codec = RequestEventCodec.create();
        long latest = Long.MIN_VALUE;
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps =
                    IntStream.range(0, partitions)
                            .mapToObj(p -> new TopicPartition(topic, p))
                            .toList();
            consumer.assign(tps);
            Map<TopicPartition, Long> ends = consumer.endOffsets(tps);
            Map<TopicPartition, Long> begins = consumer.beginningOffsets(tps);
            Map<TopicPartition, Long> remaining = new HashMap<>();
            for (TopicPartition tp : tps) {
                long from = Math.max(begins.get(tp), ends.get(tp) - TAIL);
                consumer.seek(tp, from);
                if (ends.get(tp) > from) {
                    remaining.put(tp, ends.get(tp));
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!remaining.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        if (codec.decode(r.value())
                                instanceof Validation.Accepted<RequestEvent> accepted) {
                            latest = Math.max(latest, accepted.value().startMicros());
                        }
                    } catch (MalformedTelemetryException e) {
                        // not an event: the streams job skips it too
                    }
                }
                remaining.keySet().removeIf(tp -> consumer.position(tp) >= remaining.get(tp));
            }
        }
        return latest == Long.MIN_VALUE
                ? Optional.empty()
                : Optional.of(Instant.EPOCH.plus(latest, java.time.temporal.ChronoUnit.MICROS));
    }

    /** Sends {@code markers} (index = partition) and waits for every acknowledgement. */
    void sendMarkers(List<RequestEvent> markers) throws Exception {
        RequestEventCodec codec = RequestEventCodec.create();
        for (int p = 0; p < markers.size(); p++) {
            RequestEvent m = markers.get(p);
            markerProducer
                    .send(
                            new ProducerRecord<>(
                                    topic,
                                    p,
                                    m.service().getBytes(StandardCharsets.UTF_8),
                                    codec.encode(m)))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Records of the input topic not yet committed by the consumer group {@code group} (the streams
     * job's application id); empty when the group or its offsets cannot be read.
     */
    OptionalLong lag(String group) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group)
                            .partitionsToOffsetAndMetadata()
                            .get(10, TimeUnit.SECONDS);
            if (committed.keySet().stream().noneMatch(tp -> tp.topic().equals(topic))) {
                return OptionalLong.empty(); // no such group, or it has not committed yet
            }
            Map<TopicPartition, OffsetSpec> latest =
                    IntStream.range(0, partitions)
                            .mapToObj(p -> new TopicPartition(topic, p))
                            .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
            long lag = 0;
            for (var e : ends.entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                lag += e.getValue().offset() - (c == null ? 0 : c.offset());
            }
            return OptionalLong.of(lag);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return OptionalLong.empty();
        }
    }

    @Override
    public void close() {
        markerProducer.close();
        admin.close();
    }
}
