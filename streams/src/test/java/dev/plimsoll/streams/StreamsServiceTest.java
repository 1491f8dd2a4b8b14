package dev.plimsoll.streams;

import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.infra.testing.ClickHouseService;
import dev.plimsoll.infra.testing.KafkaService;
import dev.plimsoll.infra.testing.PlimsollServicesExtension;
import dev.plimsoll.streams.sink.ClickHouseSink;
import dev.plimsoll.streams.sink.ClickHouseSinkSettings;
import dev.plimsoll.streams.testing.AggregatorMetrics;
import dev.plimsoll.streams.testing.RequestEvents;
import dev.plimsoll.streams.testing.TestClients;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
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
import java.util.Map;

import static dev.plimsoll.streams.testing.TestClients.queryLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@link StreamsService} in this JVM with the sink, on a real broker and ClickHouse. */
@ExtendWith(PlimsollServicesExtension.class)
class StreamsServiceTest {

    private static final Instant MINUTE =
            Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
    private static final int USERS = 60_000;

    @TempDir Path stateDir;

    @Test
    void aMinuteWithSixtyThousandUsersReachesClickHouseAndLaterEventsAreDroppedAndCounted(
            KafkaService kafka, ClickHouseService clickhouse) {
        String bootstrap = kafka.bootstrapServers();
        String url = clickhouse.createDatabase("streams_service");
        String input = TestClients.uniqueTopic("requests");
        String output = TestClients.uniqueTopic("service-minute"); // created by the service
        TestClients.createTopic(bootstrap, input, 1);
        List<RequestEvent> events = new ArrayList<>();
        long start = MINUTE.toEpochMilli() * 1000;
        for (int i = 0; i < USERS; i++) {
            events.add(
                    new RequestEvent(
                            "wide", "GET /", start + i * 900L, 5, 200, false, "user-" + i, null));
        }
        StreamsSettings settings =
                TestClients.fastJob(bootstrap, stateDir, "service-" + input, input, output).build();

        try (StreamsService service = new StreamsService(settings);
                ClickHouseSink sink =
                        new ClickHouseSink(
                                ClickHouseSinkSettings.defaults(bootstrap, url).toBuilder()
                                        .topic(output)
                                        .groupId("sink-" + output)
                                        .batchRows(10)
                                        .batchInterval(Duration.ofMillis(200))
                                        .build())) {
            service.start();
            sink.start();
            RequestEvents.produce(bootstrap, input, events);
            RequestEvents.produceSentinels(
                    bootstrap, input, 1, MINUTE.plus(Duration.ofMinutes(5)), "zz-sentinel");

            await().atMost(Duration.ofMinutes(2)).until(() -> sink.stats().rowsInserted() >= 2);
            assertThat(
                            queryLong(
                                    url,
                                    "SELECT length(users) FROM service_minute FINAL WHERE"
                                            + " service = 'wide' AND operation = ''"))
                    .isEqualTo(USERS);
            assertThat(
                            queryLong(
                                    url,
                                    "SELECT sum(count) FROM service_minute FINAL WHERE service ="
                                            + " 'wide' AND operation = 'GET /'"))
                    .isEqualTo(USERS);

            // the minute is closed: one more event in it becomes a correction, and is counted
            RequestEvents.produce(bootstrap, input, events.subList(0, 1));
            await().atMost(Duration.ofMinutes(1))
                    .until(
                            () ->
                                    AggregatorMetrics.sum(
                                                    service.metrics(),
                                                    "late-corrected-records-total")
                                            == 1.0);
            assertThat(service.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    @Test
    void closeLeavesTheGroupSoThatARestartNeedNotWaitOutTheSessionTimeout(KafkaService kafka)
            throws Exception {
        String bootstrap = kafka.bootstrapServers();
        String input = TestClients.uniqueTopic("requests");
        String output = TestClients.uniqueTopic("service-minute");
        TestClients.createTopic(bootstrap, input, 1);
        String applicationId = "leave-" + input;
        // the default session timeout (45 s): a member that stays would be listed long after close
        StreamsSettings settings =
                TestClients.fastJob(bootstrap, stateDir, applicationId, input, output)
                        .kafkaOverrides(Map.of())
                        .build();
        try (Admin admin = TestClients.admin(bootstrap)) {
            StreamsService service = new StreamsService(settings);
            try {
                service.start();
                await().atMost(Duration.ofMinutes(1))
                        .until(() -> service.state() == KafkaStreams.State.RUNNING);
                assertThat(group(admin, applicationId).members()).hasSize(1);
            } finally {
                service.close();
            }
            assertThat(group(admin, applicationId).members()).isEmpty();
        }
    }

    private static ConsumerGroupDescription group(Admin admin, String groupId) throws Exception {
        return admin.describeConsumerGroups(List.of(groupId)).all().get().get(groupId);
    }
}
