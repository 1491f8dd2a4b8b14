package dev.plimsoll.ingest.client;

import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.core.telemetry.TelemetryTopics;
import dev.plimsoll.ingest.Records;
import dev.plimsoll.ingest.TestKafka;
import dev.plimsoll.ingest.TestKeys;
import dev.plimsoll.ingest.TopicReader;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The client against the real ingest server and Kafka (503 retries: see BrokerFailureTest). */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestClientTest implements TestPropertyProvider {

    @Inject EmbeddedServer server;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final long start = (System.currentTimeMillis() - 1000) * 1000;

    @Override
    public Map<String, String> getProperties() {
        return Map.of(
                "plimsoll.kafka.bootstrap-servers",
                TestKafka.bootstrapServers(),
                "plimsoll.security.keys",
                TestKeys.config());
    }

    private RequestEvent event(String service, int i) {
        return new RequestEvent(service, "GET /c", start, i, 200, false, "u" + i, null);
    }

    private List<RequestEvent> written(TopicReader reader, String service) {
        return Records.requestEvents(reader.readNew(), service);
    }

    @Test
    void fullBufferDropsAndCountsAndCloseFlushesTheRest() throws Exception {
        String service = "client-full-" + run;
        try (TopicReader reader =
                TopicReader.fromEnd(TestKafka.bootstrapServers(), TelemetryTopics.REQUESTS)) {
            IngestClient client =
                    IngestClient.builder(server.getURI())
                            .apiKey(TestKeys.INGESTER)
                            .bufferCapacity(10)
                            .batchSize(100)
                            .flushInterval(Duration.ofHours(1))
                            .build();
            int offered = 0;
            for (int i = 0; i < 15; i++) {
                if (client.offer(event(service, i))) {
                    offered++;
                }
            }
            assertThat(offered).isEqualTo(10);
            assertThat(client.dropped()).isEqualTo(5);
            assertThat(client.buffered()).isEqualTo(10);
            assertThat(client.sent()).isZero();

            client.close();

            assertThat(client.sent()).isEqualTo(10);
            assertThat(client.offer(event(service, 99))).isFalse();
            assertThat(client.dropped()).isEqualTo(6);
            assertThat(written(reader, service))
                    .containsExactlyInAnyOrderElementsOf(
                            java.util.stream.IntStream.range(0, 10)
                                    .mapToObj(i -> event(service, i))
                                    .toList());
        }
    }

    @Test
    void backgroundFlushSendsFullBatchesAndPartialOnesOnTheInterval() throws Exception {
        String service = "client-bg-" + run;
        try (TopicReader reader =
                        TopicReader.fromEnd(
                                TestKafka.bootstrapServers(), TelemetryTopics.REQUESTS);
                IngestClient client =
                        IngestClient.builder(server.getURI())
                                .apiKey(TestKeys.INGESTER)
                                .batchSize(100)
                                .flushInterval(Duration.ofMillis(200))
                                .build()) {
            for (int i = 0; i < 250; i++) {
                assertThat(client.offer(event(service, i))).isTrue();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> client.sent() == 250);
            assertThat(client.dropped()).isZero();
            assertThat(client.rejected()).isZero();
            assertThat(written(reader, service)).hasSize(250);
        }
    }

    @Test
    void aRefusedKeyDropsTheBatchWithoutRetryingAndNothingReachesKafka() throws Exception {
        String service = "client-refused-" + run;
        try (TopicReader reader =
                TopicReader.fromEnd(TestKafka.bootstrapServers(), TelemetryTopics.REQUESTS)) {
            IngestClient client =
                    IngestClient.builder(server.getURI())
                            .apiKey(TestKeys.READER)
                            .flushInterval(Duration.ofHours(1))
                            .build();
            for (int i = 0; i < 3; i++) {
                client.offer(event(service, i));
            }

            client.close();

            assertThat(client.dropped()).isEqualTo(3);
            assertThat(client.sent()).isZero();
            assertThat(client.retries()).isZero();
            assertThat(written(reader, service)).isEmpty();
        }
    }

    /**
     * A real local HTTP server plays the ingest endpoint: it answers each batch's first attempt 503
     * and the second 202. Every batch carries a key of its own, the same on its retry, and the body
     * of the retry is byte for byte the first one's (what the batch id is made of).
     */
    @Test
    void eachBatchCarriesItsOwnIdempotencyKeyAndItsRetryTheSame() throws Exception {
        List<String[]> attempts =
                java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        com.sun.net.httpserver.HttpServer receiver =
                com.sun.net.httpserver.HttpServer.create(
                        new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext(
                "/api/v1/ingest/requests",
                exchange -> {
                    String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
                    String body =
                            new String(
                                    exchange.getRequestBody().readAllBytes(),
                                    java.nio.charset.StandardCharsets.UTF_8);
                    attempts.add(new String[] {key, body});
                    long seen = attempts.stream().filter(a -> a[1].equals(body)).count();
                    byte[] answer =
                            (seen == 1 ? "{}" : "{\"accepted\":2,\"rejected\":[]}")
                                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Retry-After", "0");
                    exchange.sendResponseHeaders(seen == 1 ? 503 : 202, answer.length);
                    exchange.getResponseBody().write(answer);
                    exchange.close();
                });
        receiver.start();
        try {
            IngestClient client =
                    IngestClient.builder(
                                    java.net.URI.create(
                                            "http://127.0.0.1:" + receiver.getAddress().getPort()))
                            .batchSize(2)
                            .flushInterval(Duration.ofHours(1))
                            .backoff(Duration.ofMillis(10), Duration.ofMillis(20))
                            .build();
            for (int i = 0; i < 4; i++) {
                client.offer(event("client-keys-" + run, i));
            }
            client.close();

            assertThat(client.sent()).isEqualTo(4);
            assertThat(client.retries()).isEqualTo(2);
            assertThat(attempts).hasSize(4);
            // attempts of one batch: same body, same key; two batches: two keys
            java.util.Map<String, java.util.Set<String>> keysByBody = new java.util.HashMap<>();
            for (String[] a : attempts) {
                assertThat(a[0]).as("a key on every attempt").isNotNull();
                assertThat(UUID.fromString(a[0])).isNotNull();
                keysByBody.computeIfAbsent(a[1], b -> new java.util.HashSet<>()).add(a[0]);
            }
            assertThat(keysByBody).hasSize(2);
            assertThat(keysByBody.values()).allSatisfy(keys -> assertThat(keys).hasSize(1));
            assertThat(
                            keysByBody.values().stream()
                                    .flatMap(java.util.Set::stream)
                                    .distinct()
                                    .count())
                    .isEqualTo(2);
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void rejectsNonsenseSettings() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> IngestClient.builder(server.getURI()).batchSize(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batchSize must be >= 1, was 0");
    }
}
