package dev.plimsoll.benchmarks.load;

import dev.plimsoll.benchmarks.load.Expectations.Key;
import dev.plimsoll.benchmarks.load.Expectations.Tally;
import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.core.telemetry.RequestEventCodec;
import dev.plimsoll.core.telemetry.Validation;
import dev.plimsoll.infra.testing.KafkaService;
import dev.plimsoll.infra.testing.PlimsollServicesExtension;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark's Kafka side against a real broker, with a few hundred events: the peer path puts
 * every generated event into the topic exactly once, keyed and partitioned as ingest would; the
 * markers reach every partition; the tail read finds where they left event time; and the exactness
 * check, fed with what is really in the topic, finds no difference — and finds the one it must when
 * a record is duplicated.
 */
@ExtendWith(PlimsollServicesExtension.class)
class KafkaPathsTest {

    private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());

    @Test
    void peerPathMarkersAndTailReadAgainstARealBroker(KafkaService kafka) throws Exception {
        String topic = "bench.requests." + UUID.randomUUID();
        kafka.createTopics(topic);
        TimePlan plan = TimePlan.plan(Instant.now(), 1, 2, Duration.ofMinutes(2), Optional.empty());
        TimePlan.Block block = plan.blocks().get(0);
        EventGenerator generator = new EventGenerator(42, 8, 50, 2);
        List<RequestEvent> events = generator.generate(block.startMicros(), 2, 400);
        Batches batches = new Batches(events, 30);

        SendRun.Result result;
        try (KafkaProduceSender sender =
                new KafkaProduceSender(kafka.bootstrapServers(), topic, batches)) {
            long[] bytes = new long[batches.count()];
            result = SendRun.run(sender, batches, bytes, 3, 2, QUIET);
        }
        try (KafkaSide side = new KafkaSide(kafka.bootstrapServers(), topic)) {
            assertThat(side.partitions()).isEqualTo(3);
            assertThat(side.latestEventTime())
                    .hasValue(
                            Instant.EPOCH.plus(
                                    events.get(events.size() - 1).startMicros(),
                                    ChronoUnit.MICROS));
            side.sendMarkers(Markers.events(3, block.markerMicros()));
            assertThat(side.latestEventTime()).hasValue(block.marker());
            assertThat(side.lag("no-such-group-" + UUID.randomUUID())).isEmpty();
        }

        assertThat(result.measuredEvents()).isEqualTo(400 - 60);
        assertThat(result.measuredRequests()).isEqualTo(12); // 14 batches, 2 of them warm-up
        assertThat(result.latencyMicros().getTotalCount()).isEqualTo(12);
        assertThat(result.rejected().isEmpty()).isTrue();
        assertThat(result.retried()).isEmpty();

        List<ConsumerRecord<byte[], byte[]>> records =
                readAll(kafka.bootstrapServers(), topic, 403);
        RequestEventCodec codec = RequestEventCodec.create();
        List<RequestEvent> inKafka = new ArrayList<>();
        Map<Integer, List<String>> markersByPartition = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            RequestEvent e = ((Validation.Accepted<RequestEvent>) codec.decode(r.value())).value();
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(e.service());
            assertThat(r.partition()).isEqualTo(Markers.partitionOf(e.service(), 3));
            if (e.service().startsWith(Markers.PREFIX)) {
                markersByPartition
                        .computeIfAbsent(r.partition(), p -> new ArrayList<>())
                        .add(e.service());
                assertThat(e.startMicros()).isEqualTo(block.markerMicros());
            } else {
                inKafka.add(e);
            }
        }
        assertThat(markersByPartition).containsOnlyKeys(0, 1, 2);
        assertThat(markersByPartition.values()).allSatisfy(m -> assertThat(m).hasSize(1));
        assertThat(inKafka).containsExactlyInAnyOrderElementsOf(events);

        Expectations expected = Expectations.of(events, result.rejected(), result.retried());
        assertThat(expected.total()).isEqualTo(400);
        assertThat(ExactnessCheck.compare(expected.services(), tally(inKafka), expected::allowance))
                .isEmpty();
        List<RequestEvent> duplicated = new ArrayList<>(inKafka);
        duplicated.add(inKafka.get(17));
        assertThat(
                        ExactnessCheck.compare(
                                expected.services(), tally(duplicated), expected::allowance))
                .singleElement()
                .satisfies(
                        m -> {
                            assertThat(m.key().service()).isEqualTo(inKafka.get(17).service());
                            assertThat(m.extra()).isTrue();
                        });
    }

    private static Map<Key, Tally> tally(List<RequestEvent> events) {
        return Expectations.of(events, new BitSet(), List.of()).services();
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(
            String bootstrap, String topic, int expected) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrap,
                                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                                false),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer())) {
            List<TopicPartition> tps =
                    IntStream.range(0, 3).mapToObj(p -> new TopicPartition(topic, p)).toList();
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            // Nothing beyond: poll once more after reaching the count.
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        assertThat(records).hasSize(expected);
        return records;
    }
}
