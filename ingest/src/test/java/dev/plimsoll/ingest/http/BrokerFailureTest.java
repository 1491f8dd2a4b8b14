package dev.plimsoll.ingest.http;

import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.core.telemetry.RequestEventCodec;
import dev.plimsoll.core.telemetry.TelemetryTopics;
import dev.plimsoll.core.telemetry.Validation;
import dev.plimsoll.infra.kafka.KafkaTopics;
import dev.plimsoll.infra.kafka.LocalKafka;
import dev.plimsoll.ingest.Http;
import dev.plimsoll.ingest.TopicReader;
import dev.plimsoll.ingest.client.IngestClient;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka goes away under the ingest server: a dedicated broker (not the shared one) is stopped
 * mid-test and started again on the same port and data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrokerFailureTest {

    private Path dataDir;

    private LocalKafka kafka;
    private int port;
    private ApplicationContext context;
    private URI base;
    private final RequestEventCodec codec = RequestEventCodec.create();

    @BeforeAll
    void start(@TempDir Path dir) {
        dataDir = dir;
        kafka = LocalKafka.start(dataDir);
        port = kafka.port();
        KafkaTopics.createAndAwait(
                kafka.bootstrapServers(),
                TelemetryTopics.ALL,
                3,
                (short) 1,
                Duration.ofSeconds(60));
        context =
                ApplicationContext.run(
                        Map.of(
                                "micronaut.server.port",
                                -1,
                                "plimsoll.kafka.bootstrap-servers",
                                kafka.bootstrapServers(),
                                "plimsoll.security.mode",
                                "open",
                                "plimsoll.ingest.retry-after-seconds",
                                1,
                                "plimsoll.ingest.producer-max-block",
                                "2s",
                                "plimsoll.ingest.producer-request-timeout",
                                "1s",
                                "plimsoll.ingest.producer-delivery-timeout",
                                "3s"));
        EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
        base = server.getURI();
    }

    @AfterAll
    void stop() {
        if (context != null) {
            context.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private void restartKafka() {
        kafka = LocalKafka.start(dataDir, port);
    }

    private static String event(String id) {
        return "{\"service\":\"failover\",\"operation\":\"GET /x\",\"start\":"
                + (System.currentTimeMillis() - 1000)
                + ",\"durationMs\":1,\"userId\":\""
                + id
                + "\"}";
    }

    private Set<String> userIdsInKafka() {
        Set<String> ids = new HashSet<>();
        try (TopicReader all =
                TopicReader.fromStart(kafka.bootstrapServers(), TelemetryTopics.REQUESTS)) {
            for (ConsumerRecord<byte[], byte[]> c : all.readNew()) {
                Validation<RequestEvent> v;
                try {
                    v = codec.decode(c.value());
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                ids.add(((Validation.Accepted<RequestEvent>) v).value().userId());
            }
        }
        return ids;
    }

    @Test
    @Order(1)
    void brokerStoppedMidTestGives503AndNothingAnswered2xxIsLost() throws Exception {
        assertThat(
                        Http.post(
                                        base,
                                        "/api/v1/ingest/requests",
                                        "application/json",
                                        "[" + event("warm-up") + "]")
                                .statusCode())
                .isEqualTo(202);

        // A sender keeps posting batches of 20 while the broker is stopped under it.
        List<String> answered2xx = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stopSending = new AtomicBoolean();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<?> sender =
                pool.submit(
                        () -> {
                            for (int batch = 0; !stopSending.get() && batch < 10_000; batch++) {
                                List<String> ids = new ArrayList<>();
                                StringBuilder body = new StringBuilder();
                                for (int i = 0; i < 20; i++) {
                                    String id = "b" + batch + "-" + i;
                                    ids.add(id);
                                    body.append(event(id)).append('\n');
                                }
                                HttpResponse<String> r =
                                        Http.post(
                                                base,
                                                "/api/v1/ingest/requests",
                                                "application/x-ndjson",
                                                body.toString());
                                statuses.add(r.statusCode());
                                if (r.statusCode() / 100 == 2) {
                                    answered2xx.addAll(ids);
                                }
                            }
                        });
        await().atMost(Duration.ofSeconds(30)).until(() -> answered2xx.size() >= 100);
        kafka.close();

        HttpResponse<String> next =
                Http.post(
                        base,
                        "/api/v1/ingest/requests",
                        "application/json",
                        "[" + event("after-stop") + "]");
        assertThat(next.statusCode()).isEqualTo(503);
        assertThat(next.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(next.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(Http.json(next).get("type").asText())
                .isEqualTo("urn:plimsoll:problem:kafka-unavailable");
        await().atMost(Duration.ofSeconds(30)).until(() -> statuses.contains(503));
        stopSending.set(true);
        sender.get();
        pool.shutdown();
        assertThat(statuses).allMatch(s -> s == 202 || s == 503);

        restartKafka();
        Set<String> inKafka = userIdsInKafka();
        assertThat(inKafka).contains("warm-up").containsAll(answered2xx);
        assertThat(inKafka).doesNotContain("after-stop");
    }

    @Test
    @Order(2)
    void clientRetriesThrough503UntilTheBrokerIsBack() throws Exception {
        kafka.close();
        IngestClient client =
                IngestClient.builder(base)
                        .batchSize(50)
                        .flushInterval(Duration.ofMillis(100))
                        .backoff(Duration.ofMillis(100), Duration.ofMillis(500))
                        .maxRetryDuration(Duration.ofMinutes(1))
                        .build();
        long start = System.currentTimeMillis() - 1000;
        for (int i = 0; i < 120; i++) {
            assertThat(
                            client.offer(
                                    new RequestEvent(
                                            "failover",
                                            "GET /client",
                                            start * 1000,
                                            1,
                                            200,
                                            false,
                                            "client-" + i,
                                            null)))
                    .isTrue();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> client.retries() >= 1);
        assertThat(client.sent()).isZero();

        restartKafka();
        client.close();

        assertThat(client.sent()).isEqualTo(120);
        assertThat(client.dropped()).isZero();
        Set<String> inKafka = userIdsInKafka();
        for (int i = 0; i < 120; i++) {
            assertThat(inKafka).contains("client-" + i);
        }
    }
}
