package dev.plimsoll.ingest.http;

import dev.plimsoll.core.telemetry.Idempotency;
import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.core.telemetry.RequestEventCodec;
import dev.plimsoll.core.telemetry.TelemetryTopics;
import dev.plimsoll.core.telemetry.Validation;
import dev.plimsoll.infra.kafka.KafkaTopics;
import dev.plimsoll.infra.kafka.LocalKafka;
import dev.plimsoll.infra.testing.MaxMessageBytes;
import dev.plimsoll.ingest.Http;
import dev.plimsoll.ingest.TopicReader;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A batch that Kafka acknowledges only in part — 503 — and is sent again. On a broker of its own
 * whose {@code telemetry.requests.v1} first refuses records above 600 bytes: a batch of ten with
 * one 1.1 KB event gets nine records written and a 503; the limit is lifted, the batch sent again.
 *
 * <p>With an {@code Idempotency-Key}, every copy of record {@code i} carries the same batch id and
 * index {@code i}, so a consumer recognises the nine written twice (the streams job counts them
 * once: {@code RetriedBatchesTest}, and end to end in the app's {@code LateAndRetriedEventsTest}).
 * Without a key the copies carry nothing: the documented at-least-once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartialWriteRetryTest {

    private static final String ROUTE = "/api/v1/ingest/requests";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final byte[] PROBE = "probe".getBytes(StandardCharsets.UTF_8);

    private LocalKafka kafka;
    private ApplicationContext context;
    private URI base;
    private final RequestEventCodec codec = RequestEventCodec.create();

    @BeforeAll
    void start(@TempDir Path dir) {
        kafka = LocalKafka.start(dir);
        KafkaTopics.createAndAwait(
                kafka.bootstrapServers(),
                TelemetryTopics.ALL,
                1,
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
                                1));
        base = context.getBean(EmbeddedServer.class).start().getURI();
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

    @BeforeEach
    void refuseLargeRecords() throws Exception {
        maxMessageBytes(600);
    }

    @Test
    void withAKeyEveryCopyOfARecordCarriesTheSameBatchIdAndIndex() throws Exception {
        String body = batch("keyed");
        String key = "0b7f6c1e-1f0a-4c55-9d51-3f1d2c3b4a59";
        try (TopicReader topic =
                TopicReader.fromEnd(kafka.bootstrapServers(), TelemetryTopics.REQUESTS)) {
            HttpResponse<String> first = post(body, key);
            assertThat(first.statusCode()).isEqualTo(503);
            assertThat(first.headers().firstValue("Retry-After")).hasValue("1");

            maxMessageBytes(1_048_588);
            HttpResponse<String> retry = post(body, key);
            assertThat(retry.statusCode()).isEqualTo(202);
            assertThat(Http.json(retry).get("accepted").asInt()).isEqualTo(10);

            List<ConsumerRecord<byte[], byte[]>> written = written(topic);
            assertThat(written).as("nine from the first attempt, ten from the retry").hasSize(19);
            // the identity, recomputed independently from the documented inputs
            byte[] batchId =
                    Idempotency.batchId(
                            "open-mode", ROUTE, key, body.getBytes(StandardCharsets.UTF_8));
            Map<Integer, Integer> copies = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> r : written) {
                assertThat(header(r, Idempotency.BATCH_ID_HEADER))
                        .as("batch id of %s", user(r))
                        .isEqualTo(batchId);
                int index = Idempotency.decodeIndex(header(r, Idempotency.BATCH_INDEX_HEADER));
                assertThat(user(r)).isEqualTo("keyed-" + index); // the index is the position
                copies.merge(index, 1, Integer::sum);
            }
            Map<Integer, Integer> expected = new TreeMap<>();
            for (int i = 0; i < 10; i++) {
                expected.put(i, i == 7 ? 1 : 2);
            }
            assertThat(copies).isEqualTo(expected);
        }
    }

    @Test
    void withoutAKeyTheCopiesCarryNothingToTellThemApart() throws Exception {
        String body = batch("unkeyed");
        try (TopicReader topic =
                TopicReader.fromEnd(kafka.bootstrapServers(), TelemetryTopics.REQUESTS)) {
            assertThat(post(body, null).statusCode()).isEqualTo(503);
            maxMessageBytes(1_048_588);
            assertThat(post(body, null).statusCode()).isEqualTo(202);

            List<ConsumerRecord<byte[], byte[]>> written = written(topic);
            assertThat(written).hasSize(19);
            assertThat(written).allSatisfy(r -> assertThat(r.headers().toArray()).isEmpty());
        }
    }

    @Test
    void aMalformedKeyIsRefusedBeforeAnythingIsWritten() throws Exception {
        try (TopicReader topic =
                TopicReader.fromEnd(kafka.bootstrapServers(), TelemetryTopics.REQUESTS)) {
            HttpResponse<String> r = post(batch("bad-key"), "key with spaces");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(Http.json(r).get("type").asText())
                    .isEqualTo("urn:plimsoll:problem:invalid-idempotency-key");
            assertThat(Http.json(r).get("detail").asText())
                    .isEqualTo(
                            "Idempotency-Key: must be visible ASCII characters only, found U+0020"
                                    + " at position 3.");
            assertThat(topic.readNew()).isEmpty();
        }
    }

    /** Ten events of the last minute; number 7 has a 1 000-character operation (≈ 1.1 KB). */
    private static String batch(String prefix) {
        long start = System.currentTimeMillis() - 30_000;
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            String operation = i == 7 ? "GET /" + "x".repeat(995) : "GET /" + i;
            body.append("{\"service\":\"retry\",\"operation\":\"")
                    .append(operation)
                    .append("\",\"start\":")
                    .append(start + i)
                    .append(",\"durationMs\":1,\"userId\":\"")
                    .append(prefix)
                    .append('-')
                    .append(i)
                    .append("\"}\n");
        }
        return body.toString();
    }

    private HttpResponse<String> post(String body, String key) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(base.resolve(ROUTE))
                        .header("Content-Type", "application/x-ndjson")
                        .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header(Idempotency.HTTP_HEADER, key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void maxMessageBytes(int bytes) throws Exception {
        MaxMessageBytes.set(kafka.bootstrapServers(), TelemetryTopics.REQUESTS, bytes, PROBE);
    }

    /** What ingest wrote: the records since {@code topic} started, without the probes. */
    private static List<ConsumerRecord<byte[], byte[]>> written(TopicReader topic) {
        return topic.readNew().stream()
                .filter(r -> !java.util.Arrays.equals(r.key(), PROBE))
                .toList();
    }

    private static byte[] header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        assertThat(h).as("header %s", name).isNotNull();
        return h.value();
    }

    private String user(ConsumerRecord<byte[], byte[]> r) {
        try {
            return ((Validation.Accepted<RequestEvent>) codec.decode(r.value())).value().userId();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
