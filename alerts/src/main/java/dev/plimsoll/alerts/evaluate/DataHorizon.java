package dev.plimsoll.alerts.evaluate;

import dev.plimsoll.core.alert.eval.PipelineLag;
import dev.plimsoll.read.clickhouse.FreshnessReader;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Which minutes are final, and whether the pipeline keeps up (ADR 0023).
 *
 * <p>The streams job stores a minute only once its window closed, and a service's minutes in order,
 * so every minute of a service up to its newest stored one is final. A quiet service's later
 * minutes are taken as final {@code grace + settle} after their end — safe only while the pipeline
 * keeps up, which the lag check verifies: for each stage (a consumer group and the topic it reads:
 * the streams job on the request topic, the ClickHouse sink on the minute topic), the oldest record
 * it has not consumed yet and how long ago it was produced. While that is overdue, rules evaluate
 * only minutes already stored (and raise no no-data alerts for the minutes the pipeline still
 * owes).
 */
final class DataHorizon implements AutoCloseable {

    /** A pipeline stage: a consumer group and the topic it consumes. */
    record Stage(String group, String topic) {}

    private final FreshnessReader freshness;
    private final Admin admin;
    private final List<Stage> stages;
    private final Duration delay;
    private final KafkaConsumer<byte[], byte[]> peek;

    DataHorizon(
            FreshnessReader freshness,
            Admin admin,
            String bootstrap,
            List<Stage> stages,
            Duration delay) {
        this.freshness = freshness;
        this.admin = admin;
        this.stages = List.copyOf(stages);
        this.delay = delay;
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        this.peek = new KafkaConsumer<>(c);
    }

    /** The newest stored minute per service (start), looking back a day. */
    Map<String, Instant> newest(Collection<String> services, Instant now) {
        // a rule on all services: how far the stored minutes of any service reach
        Map<String, Instant> read =
                freshness.newestMinutes(
                        services.stream().map(ClickHouseSource::readService).distinct().toList(),
                        now,
                        Duration.ofDays(1));
        Map<String, Instant> newest = new java.util.HashMap<>();
        for (String s : services) {
            Instant t = read.get(ClickHouseSource.readService(s));
            if (t != null) {
                newest.put(s, t);
            }
        }
        return newest;
    }

    /**
     * The end of the data a rule of a service may evaluate: the end of its newest stored minute, or
     * — while the pipeline keeps up — the wall clock less the finalization delay if later.
     */
    Instant horizon(Instant newestMinute, Instant now, boolean lagging) {
        Instant stored = newestMinute == null ? null : newestMinute.plusSeconds(60);
        Instant quiet = now.minus(delay).minusSeconds(60);
        if (lagging) {
            return stored;
        }
        return stored == null || quiet.isAfter(stored) ? quiet : stored;
    }

    /** How long the oldest record a stage has not consumed has waited; zero when caught up. */
    Duration overdue(Instant now) throws InterruptedException {
        List<Instant> oldest = new ArrayList<>();
        for (Stage stage : stages) {
            try {
                List<TopicPartitionInfo> parts =
                        admin.describeTopics(List.of(stage.topic()))
                                .allTopicNames()
                                .get(10, TimeUnit.SECONDS)
                                .get(stage.topic())
                                .partitions();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                for (TopicPartitionInfo p : parts) {
                    latest.put(
                            new TopicPartition(stage.topic(), p.partition()), OffsetSpec.latest());
                }
                Map<TopicPartition, Long> end = new HashMap<>();
                admin.listOffsets(latest)
                        .all()
                        .get(10, TimeUnit.SECONDS)
                        .forEach((tp, info) -> end.put(tp, info.offset()));
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(stage.group())
                                .partitionsToOffsetAndMetadata()
                                .get(10, TimeUnit.SECONDS);
                for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
                    OffsetAndMetadata c = committed.get(e.getKey());
                    long from = c == null ? 0 : c.offset();
                    if (from < e.getValue()) {
                        Instant first = firstRecordTime(e.getKey(), from);
                        if (first != null) {
                            oldest.add(first);
                        }
                    }
                }
            } catch (ExecutionException | TimeoutException e) {
                // The topic does not exist yet (nothing sent) or Kafka is away: nothing known
                // overdue.
            }
        }
        return PipelineLag.overdue(now, oldest);
    }

    /** The record time of the first committed data record at or after {@code offset}, if any. */
    private Instant firstRecordTime(TopicPartition tp, long offset) {
        peek.assign(List.of(tp));
        peek.seek(tp, offset);
        for (ConsumerRecord<byte[], byte[]> r : peek.poll(Duration.ofMillis(300))) {
            return Instant.ofEpochMilli(r.timestamp());
        }
        return null; // only transaction markers (or records aborted) after the committed offset
    }

    @Override
    public void close() {
        peek.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }
}
