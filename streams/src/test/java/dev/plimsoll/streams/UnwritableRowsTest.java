package dev.plimsoll.streams;

import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.infra.testing.CapturedLogs;
import dev.plimsoll.infra.testing.KafkaService;
import dev.plimsoll.infra.testing.PlimsollServicesExtension;
import dev.plimsoll.streams.minute.SkipUnwritableRowsHandler;
import dev.plimsoll.streams.row.ServiceMinuteRow;
import dev.plimsoll.streams.testing.AggregatorMetrics;
import dev.plimsoll.streams.testing.RequestEvents;
import dev.plimsoll.streams.testing.TestClients;
import dev.plimsoll.streams.testing.TestRows;

import ch.qos.logback.classic.Level;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A row the job cannot write, on a real broker: Kafka refuses it for good, it is skipped, logged
 * once and counted, everything else is written exactly once, and the job keeps running. (Transient
 * errors, which must be retried instead, are {@code SkipUnwritableRowsHandlerTest}'s: a one-broker
 * cluster cannot produce them on demand — {@code min.insync.replicas} is capped at the replication
 * factor.)
 *
 * <p>The output topic has {@code max.message.bytes = 64 KiB}. Minute M: service {@code small} 3
 * requests, service {@code wide} 20 000 requests of distinct users: its whole-service row (about
 * 450 KB of JSON) can never be written. Then minute M+3 (after the skip: the job still runs), and
 * events three hours ahead of the time they reach Kafka: they no longer move the clock (ADR 0010),
 * so their minute is kept for later, not written, and the job goes on.
 */
@ExtendWith(PlimsollServicesExtension.class)
class UnwritableRowsTest {

    private static final Instant M =
            Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
    private static final Instant FUTURE =
            Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofHours(3));
    private static final int WIDE_USERS = 20_000;

    @TempDir Path stateDir;

    @Test
    void aRowRefusedForGoodIsSkippedOnceAndTheJobGoesOn(KafkaService kafka) throws Exception {
        String bootstrap = kafka.bootstrapServers();
        String input = TestClients.uniqueTopic("requests");
        String output = TestClients.uniqueTopic("service-minute");
        TestClients.createTopic(bootstrap, input, 1);
        Map<String, String> outputConfig = new HashMap<>(StreamsService.OUTPUT_TOPIC_CONFIG);
        outputConfig.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(64 * 1024));
        try (Admin admin = TestClients.admin(bootstrap)) {
            admin.createTopics(List.of(new NewTopic(output, 1, (short) 1).configs(outputConfig)))
                    .all()
                    .get();
        }
        StreamsSettings settings =
                TestClients.fastJob(bootstrap, stateDir, "unwritable-" + input, input, output)
                        .grace(Duration.ofSeconds(1))
                        .maxClockSkew(Duration.ofMillis(500))
                        .idleCloseAfter(Duration.ZERO)
                        .build();

        List<RequestEvent> minuteM = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            minuteM.add(event("small", M.plusSeconds(10 + i), "s" + i));
        }
        for (int i = 0; i < WIDE_USERS; i++) {
            minuteM.add(event("wide", M.plusMillis(i), "user-" + i));
        }
        try (CapturedLogs logs = new CapturedLogs(SkipUnwritableRowsHandler.class);
                StreamsService service = new StreamsService(settings)) {
            service.start();
            RequestEvents.produce(bootstrap, input, minuteM);
            RequestEvents.produce(
                    bootstrap, input, List.of(event("tick", M.plusSeconds(120), null)));

            // permanent: wide's whole-service row is skipped, the rest of minute M is written
            // the failed stream thread rethrows its error after being replaced: not a test failure
            await().dontCatchUncaughtExceptions()
                    .atMost(Duration.ofMinutes(2))
                    .until(
                            () ->
                                    AggregatorMetrics.sum(
                                                    service.metrics(),
                                                    "unwritable-rows-skipped-total")
                                            == 1.0);
            // the job keeps running: later minutes are written; minutes far ahead are kept
            RequestEvents.produce(
                    bootstrap,
                    input,
                    List.of(
                            event("small", M.plusSeconds(190), "s9"),
                            event("tick", M.plusSeconds(300), null)));
            RequestEvents.produce(
                    bootstrap,
                    input,
                    List.of(
                            event("future", FUTURE.plusSeconds(10), null),
                            event("future", FUTURE.plusSeconds(180), null)));
            await().dontCatchUncaughtExceptions()
                    .atMost(Duration.ofMinutes(1))
                    .until(
                            () ->
                                    AggregatorMetrics.sum(service.metrics(), "future-records-total")
                                                    == 2.0
                                            && TestClients.countCommitted(bootstrap, output) >= 9);

            List<String> rows =
                    TestClients.readAllCommitted(
                            bootstrap, output, r -> describe(TestRows.decode(r.value())));
            assertThat(rows)
                    .containsExactlyInAnyOrder(
                            M + "|small|GET /|3",
                            M + "|small||3",
                            M + "|wide|GET /|" + WIDE_USERS,
                            M.plusSeconds(120) + "|tick|GET /|1",
                            M.plusSeconds(120) + "|tick||1",
                            M.plusSeconds(180) + "|small|GET /|1",
                            M.plusSeconds(180) + "|small||1",
                            M.plusSeconds(300) + "|tick|GET /|1",
                            M.plusSeconds(300) + "|tick||1");
            List<String> errors = logs.messages(Level.ERROR);
            assertThat(errors).hasSize(1);
            assertThat(errors.get(0))
                    .contains("tenant '', service 'wide', operation '', minute " + M)
                    .contains(WIDE_USERS + " users")
                    .contains("RecordTooLargeException");
            assertThat(AggregatorMetrics.sum(service.metrics(), "unwritable-rows-skipped-total"))
                    .isEqualTo(1.0);
            assertThat(service.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    private static RequestEvent event(String service, Instant start, String user) {
        return new RequestEvent(
                service, "GET /", start.toEpochMilli() * 1000, 5, 200, false, user, null);
    }

    private static String describe(ServiceMinuteRow r) {
        return r.minute() + "|" + r.service() + "|" + r.operation() + "|" + r.count();
    }
}
