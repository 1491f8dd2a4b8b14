package dev.plimsoll.streams;

import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.core.telemetry.RequestEventCodec;
import dev.plimsoll.infra.testing.KafkaService;
import dev.plimsoll.infra.testing.PlimsollServicesExtension;
import dev.plimsoll.streams.testing.AggregatorMetrics;
import dev.plimsoll.streams.testing.ChildJvm;
import dev.plimsoll.streams.testing.StreamsMain;
import dev.plimsoll.streams.testing.TestClients;
import dev.plimsoll.streams.testing.TestRows;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An event from the future on a real broker, across a SIGKILL of the job: Kafka Streams' stream
 * time — which it stores with the committed offsets and restores after the crash — is made of the
 * bounded timestamps, so the restarted job goes on accepting on-time events, and writes the future
 * minute once, when the clock gets there.
 *
 * <p>Records carry explicit timestamps, as ingest's producer stamps them when they reach Kafka,
 * some hours back (a replay of a past day: the bound comes from the records, not from today's
 * clock). Grace 2 min, max clock skew 10 s, idle closing off. B = six hours ago, on the hour:
 *
 * <pre>
 *   first job   orders B+0:05 │ orders B+3:00:10 (reached Kafka at B+0:08: 3 h ahead)
 *               search B+0:30 │ orders B+1:10 │ orders B+3:00 (closes B)      ── SIGKILL
 *   restarted   orders B+2:30 and B+1:30 (late, within grace: accepted) │ orders B+3:00:40
 *               orders B+3:03:00 (closes B+3:00, with the future event in it)
 * </pre>
 */
@ExtendWith(PlimsollServicesExtension.class)
class FutureEventsRestartTest {

    private static final Instant B =
            Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(6));
    private static final Instant FUTURE = B.plus(Duration.ofHours(3));
    private static final RequestEventCodec CODEC = RequestEventCodec.create();

    @TempDir Path stateDir;

    @Test
    void aFutureEventNeitherBlindsTheJobNorIsLostAcrossACrash(KafkaService kafka) {
        String bootstrap = kafka.bootstrapServers();
        String input = TestClients.uniqueTopic("requests");
        String output = TestClients.uniqueTopic("service-minute");
        TestClients.createTopic(bootstrap, input, 1);
        TestClients.createTopic(bootstrap, output, 1);
        String applicationId = "future-" + input;

        produce(
                bootstrap,
                input,
                List.of(
                        sent(B.plusSeconds(6), event("orders", B.plusSeconds(5), 10)),
                        sent(B.plusSeconds(8), event("orders", FUTURE.plusSeconds(10), 42)),
                        sent(B.plusSeconds(31), event("search", B.plusSeconds(30), 3)),
                        sent(B.plusSeconds(71), event("orders", B.plusSeconds(70), 20)),
                        sent(B.plusSeconds(181), event("orders", B.plusSeconds(180), 1))));
        ChildJvm first =
                ChildJvm.start(
                        "streams-future",
                        StreamsMain.class,
                        List.of(),
                        List.of(
                                bootstrap,
                                stateDir.toString(),
                                applicationId,
                                input,
                                output,
                                "PT2M",
                                "PT0S",
                                "PT10S"));
        try {
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500))
                    .until(
                            () ->
                                    !first.isAlive()
                                            || TestClients.consumedAll(
                                                    bootstrap, applicationId, input));
            assertThat(first.isAlive()).as("the streams JVM is running").isTrue();
            // without the bound: B closed at once with its first event, the others dropped late
            assertThat(
                            TestClients.readAllCommitted(
                                    bootstrap,
                                    output,
                                    r -> TestRows.describe(TestRows.decode(r.value()))))
                    .containsExactlyInAnyOrder(
                            B + "|orders|GET /|1|10.0",
                            B + "|orders||1|10.0",
                            B + "|search|GET /|1|3.0",
                            B + "|search||1|3.0");
        } finally {
            first.kill(); // SIGKILL: whatever transaction is open is aborted
        }

        StreamsSettings restarted =
                TestClients.fastJob(bootstrap, stateDir, applicationId, input, output)
                        .idleCloseAfter(Duration.ZERO)
                        .build();
        try (StreamsService service = new StreamsService(restarted)) {
            service.start();
            produce(
                    bootstrap,
                    input,
                    List.of(
                            sent(B.plusSeconds(185), event("orders", B.plusSeconds(150), 2)),
                            sent(B.plusSeconds(186), event("orders", B.plusSeconds(90), 4)),
                            sent(
                                    FUTURE.plusSeconds(41),
                                    event("orders", FUTURE.plusSeconds(40), 8)),
                            sent(
                                    FUTURE.plusSeconds(181),
                                    event("orders", FUTURE.plusSeconds(180), 1))));
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> TestClients.consumedAll(bootstrap, applicationId, input));
            assertThat(AggregatorMetrics.sum(service.metrics(), "late-corrected-records-total"))
                    .isZero();
            assertThat(AggregatorMetrics.sum(service.metrics(), "late-accepted-records-total"))
                    .isEqualTo(2.0);
            assertThat(service.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }

        List<String> rows =
                TestClients.readAllCommitted(
                        bootstrap, output, r -> TestRows.describe(TestRows.decode(r.value())));
        assertThat(rows)
                .containsExactlyInAnyOrder(
                        B + "|orders|GET /|1|10.0",
                        B + "|orders||1|10.0",
                        B + "|search|GET /|1|3.0",
                        B + "|search||1|3.0",
                        B.plusSeconds(60) + "|orders|GET /|2|24.0",
                        B.plusSeconds(60) + "|orders||2|24.0",
                        B.plusSeconds(120) + "|orders|GET /|1|2.0",
                        B.plusSeconds(120) + "|orders||1|2.0",
                        B.plusSeconds(180) + "|orders|GET /|1|1.0",
                        B.plusSeconds(180) + "|orders||1|1.0",
                        FUTURE + "|orders|GET /|2|50.0",
                        FUTURE + "|orders||2|50.0");
    }

    private record Sent(Instant reachedKafka, RequestEvent event) {}

    private static Sent sent(Instant reachedKafka, RequestEvent event) {
        return new Sent(reachedKafka, event);
    }

    private static RequestEvent event(String service, Instant start, double durationMs) {
        return new RequestEvent(
                service, "GET /", start.toEpochMilli() * 1000, durationMs, 200, false, null, null);
    }

    /** Sends with the given record timestamps (as a producer stamps them when sending). */
    private static void produce(String bootstrap, String topic, List<Sent> records) {
        try (KafkaProducer<String, byte[]> producer = TestClients.producer(bootstrap)) {
            List<Future<?>> acks = new ArrayList<>();
            for (Sent s : records) {
                acks.add(
                        producer.send(
                                new ProducerRecord<>(
                                        topic,
                                        null,
                                        s.reachedKafka().toEpochMilli(),
                                        s.event().service(),
                                        CODEC.encode(s.event()))));
            }
            for (Future<?> ack : acks) {
                ack.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("producing events failed", e);
        }
    }
}
