package dev.plimsoll.alerts.evaluate;

import dev.plimsoll.core.alert.eval.PipelineLag;
import dev.plimsoll.read.clickhouse.FreshnessReader;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

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
 * Which minutes are final (ADR 0023). The streams job stores a minute only once its window closed,
 * and a service's minutes in order, so every minute of a service up to its newest stored one is
 * final; a quiet service's later minutes are taken as final {@code 1 min + grace + settle} after
 * their end. That second rule is only safe while the pipeline keeps up, which the pipeline-lag
 * check verifies: the first request ingested (Kafka record time) a minute after the newest stored
 * minute must be stored by its minute's end plus the grace period. While it is overdue, rules
 * evaluate only minutes already stored.
 */
final class DataHorizon implements AutoCloseable {

    private final FreshnessReader freshness;
    private final Admin admin;
    private final String requestsTopic;
    private final Duration grace;
    private final Duration delay;

    DataHorizon(
            FreshnessReader freshness,
            Admin admin,
            String requestsTopic,
            Duration grace,
            Duration delay) {
        this.freshness = freshness;
        this.admin = admin;
        this.requestsTopic = requestsTopic;
        this.grace = grace;
        this.delay = delay;
    }

    /** The newest stored minute per service (start), looking back a day. */
    Map<String, Instant> newest(Collection<String> services, Instant now) {
        return freshness.newestMinutes(services, now, Duration.ofDays(1));
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

    /** How overdue finalized data is now. */
    Duration overdue(Instant now) throws InterruptedException {
        Instant finalizedEnd =
                freshness.newestMinute().map(m -> m.plusSeconds(60)).orElse(Instant.EPOCH);
        List<Instant> first = new ArrayList<>();
        try {
            List<TopicPartitionInfo> parts =
                    admin.describeTopics(List.of(requestsTopic))
                            .allTopicNames()
                            .get(10, TimeUnit.SECONDS)
                            .get(requestsTopic)
                            .partitions();
            Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
            long after = finalizedEnd.plusSeconds(60).toEpochMilli();
            for (TopicPartitionInfo p : parts) {
                specs.put(
                        new TopicPartition(requestsTopic, p.partition()),
                        OffsetSpec.forTimestamp(after));
            }
            for (ListOffsetsResult.ListOffsetsResultInfo info :
                    admin.listOffsets(specs).all().get(10, TimeUnit.SECONDS).values()) {
                if (info.offset() >= 0 && info.timestamp() >= 0) {
                    first.add(Instant.ofEpochMilli(info.timestamp()));
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            // No request topic yet (nothing ingested) or Kafka unreachable: nothing is known
            // overdue.
            return Duration.ZERO;
        }
        return PipelineLag.overdue(now, finalizedEnd, first, grace);
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
