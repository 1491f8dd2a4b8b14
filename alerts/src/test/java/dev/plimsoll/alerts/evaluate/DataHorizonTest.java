package dev.plimsoll.alerts.evaluate;

import dev.plimsoll.infra.testing.PlimsollServices;
import dev.plimsoll.read.clickhouse.ClickHouseGateway;
import dev.plimsoll.read.clickhouse.ClickHouseSettings;
import dev.plimsoll.read.clickhouse.FreshnessReader;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pipeline-lag probe on the real broker: a stage's backlog is the age of the oldest record its
 * group has not consumed, measured from the record's own time; committed offsets clear it.
 */
class DataHorizonTest {

    @Test
    void theBacklogIsTheAgeOfTheOldestUnconsumedRecord() throws Exception {
        String bootstrap = PlimsollServices.kafka().bootstrapServers();
        String topic = "lag.t" + UUID.randomUUID().toString().substring(0, 8);
        String group = "stage-" + topic;
        PlimsollServices.kafka().createTopics(topic);
        long t0 = Instant.now().minusSeconds(600).toEpochMilli();
        try (KafkaProducer<String, String> p =
                new KafkaProducer<>(
                        Map.of(
                                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                                        StringSerializer.class))) {
            p.send(new ProducerRecord<>(topic, 0, t0, "k", "a")).get();
            p.send(new ProducerRecord<>(topic, 0, t0 + 60_000, "k", "b")).get();
            p.send(new ProducerRecord<>(topic, 1, t0 + 120_000, "k", "c")).get();
        }
        String url = PlimsollServices.clickhouse().createDatabase("alerts_lag");
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        try (ClickHouseGateway gateway =
                        new ClickHouseGateway(
                                new ClickHouseSettings(
                                        url,
                                        null,
                                        null,
                                        Duration.ofSeconds(2),
                                        Duration.ofSeconds(15)));
                DataHorizon horizon =
                        new DataHorizon(
                                new FreshnessReader(gateway),
                                admin,
                                bootstrap,
                                List.of(new DataHorizon.Stage(group, topic)),
                                Duration.ofMinutes(3))) {
            Instant now = Instant.ofEpochMilli(t0 + 600_000);

            // Nothing consumed: the oldest is record a (partition 0, offset 0), 10 minutes old.
            assertThat(horizon.overdue(now)).isEqualTo(Duration.ofMinutes(10));

            // Partition 0 consumed up to b: the oldest unconsumed is b on 0 (9 min) — not c (8
            // min).
            commit(admin, group, Map.of(new TopicPartition(topic, 0), 1L));
            assertThat(horizon.overdue(now)).isEqualTo(Duration.ofMinutes(9));

            // Everything consumed: caught up.
            commit(
                    admin,
                    group,
                    Map.of(new TopicPartition(topic, 0), 2L, new TopicPartition(topic, 1), 1L));
            assertThat(horizon.overdue(now)).isZero();

            // A quiet service's minutes count as final grace + settle (3m) after their end...
            assertThat(horizon.horizon(null, now, false)).isEqualTo(now.minusSeconds(240));
            // ...unless the stored minutes reach further, and never while the pipeline lags.
            assertThat(horizon.horizon(now.minusSeconds(120), now, false))
                    .isEqualTo(now.minusSeconds(60));
            assertThat(horizon.horizon(now.minusSeconds(900), now, true))
                    .isEqualTo(now.minusSeconds(840));
            assertThat(horizon.horizon(null, now, true)).isNull();
        }
    }

    private static void commit(Admin admin, String group, Map<TopicPartition, Long> offsets)
            throws Exception {
        admin.alterConsumerGroupOffsets(
                        group,
                        offsets.entrySet().stream()
                                .collect(
                                        java.util.stream.Collectors.toMap(
                                                Map.Entry::getKey,
                                                e -> new OffsetAndMetadata(e.getValue()))))
                .all()
                .get(10, TimeUnit.SECONDS);
    }
}
