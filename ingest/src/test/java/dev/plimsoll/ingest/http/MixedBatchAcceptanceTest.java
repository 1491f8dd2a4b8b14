package dev.plimsoll.ingest.http;

import dev.plimsoll.core.telemetry.DeadLetter;
import dev.plimsoll.core.telemetry.DeadLetterCodec;
import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.core.telemetry.RequestEventCodec;
import dev.plimsoll.core.telemetry.TelemetryTopics;
import dev.plimsoll.core.telemetry.Validation;
import dev.plimsoll.ingest.Http;
import dev.plimsoll.ingest.TestKafka;
import dev.plimsoll.ingest.TopicReader;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance: 20 000 mixed valid and invalid request events over HTTP. Exactly the valid ones
 * appear once each in telemetry.requests.v1, the invalid ones in the dead-letter topic with their
 * reasons, and the response counts match. Expected values come from the generator, not from the
 * validator.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MixedBatchAcceptanceTest implements TestPropertyProvider {

    private static final int EVENTS = 20_000;
    private static final int BATCH = 1_000;
    private static final DateTimeFormatter MICROS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    @Inject EmbeddedServer server;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Override
    public Map<String, String> getProperties() {
        return Map.of(
                "plimsoll.kafka.bootstrap-servers",
                TestKafka.bootstrapServers(),
                "plimsoll.security.mode",
                "open");
    }

    /** One generated record: its JSON text and either the expected event or the expected error. */
    record Generated(String json, RequestEvent expected, String error, boolean errorIsPrefix) {}

    private List<Generated> generate() {
        SplittableRandom random = new SplittableRandom(20_000);
        long baseMs = System.currentTimeMillis() - 3_600_000;
        Object[] statuses = {200, 201, 204, 404, 500, 503, "ok", "error"};
        List<Generated> out = new ArrayList<>(EVENTS);
        for (int i = 0; i < EVENTS; i++) {
            String service = "svc-" + run + "-" + (i % 7);
            String user = "u-" + run + "-" + i;
            long startMs = baseMs - random.nextInt(3_600_000);
            double duration = random.nextInt(100_000) / 8.0;
            Object status = statuses[random.nextInt(statuses.length)];
            String statusJson = status instanceof String s ? "\"" + s + "\"" : status.toString();
            String operation = "GET /items/" + (i % 13);
            int kind = random.nextInt(20);
            String json;
            switch (kind) {
                case 14 -> {
                    double negative = -duration - 0.125;
                    json =
                            event(
                                    service,
                                    operation,
                                    Long.toString(startMs),
                                    Double.toString(negative),
                                    statusJson,
                                    user);
                    out.add(
                            new Generated(
                                    json,
                                    null,
                                    "durationMs: must be >= 0, was " + negative,
                                    false));
                }
                case 15 -> {
                    json =
                            event(
                                    "",
                                    operation,
                                    Long.toString(startMs),
                                    Double.toString(duration),
                                    statusJson,
                                    user);
                    out.add(new Generated(json, null, "service: must not be empty", false));
                }
                case 16 -> {
                    json =
                            event(
                                    service,
                                    operation,
                                    Long.toString(startMs),
                                    Double.toString(duration),
                                    "42",
                                    user);
                    out.add(
                            new Generated(
                                    json,
                                    null,
                                    "status: must be an HTTP status code (100-599), \"ok\" or"
                                            + " \"error\", was 42",
                                    false));
                }
                case 17 -> {
                    long future = System.currentTimeMillis() + 3L * 24 * 3600 * 1000;
                    json =
                            event(
                                    service,
                                    operation,
                                    Long.toString(future),
                                    Double.toString(duration),
                                    statusJson,
                                    user);
                    out.add(
                            new Generated(
                                    json,
                                    null,
                                    "start: "
                                            + MICROS.format(Instant.ofEpochMilli(future))
                                            + " is more than 24 hours in the future (now ",
                                    true));
                }
                case 18 -> {
                    json =
                            "{\"service\":\""
                                    + service
                                    + "\",\"start\":"
                                    + startMs
                                    + ",\"durationMs\":1,\"userId\":\""
                                    + user
                                    + "\"}";
                    out.add(new Generated(json, null, "operation: is required", false));
                }
                case 19 -> {
                    if (random.nextBoolean()) {
                        json = "[\"" + user + "\"," + i + "]";
                        out.add(
                                new Generated(
                                        json,
                                        null,
                                        "record: must be a JSON object, found an array",
                                        false));
                    } else {
                        json =
                                event(
                                        service,
                                        operation,
                                        Long.toString(startMs),
                                        "\"" + duration + "\"",
                                        statusJson,
                                        user);
                        out.add(
                                new Generated(
                                        json,
                                        null,
                                        "durationMs: must be a number, found a string",
                                        false));
                    }
                }
                default -> {
                    String start =
                            random.nextBoolean()
                                    ? Long.toString(startMs)
                                    : "\"" + Instant.ofEpochMilli(startMs) + "\"";
                    json =
                            event(
                                    service,
                                    operation,
                                    start,
                                    Double.toString(duration),
                                    statusJson,
                                    user);
                    int code = status instanceof Integer c ? c : 0;
                    boolean error = code >= 500 || "error".equals(status);
                    out.add(
                            new Generated(
                                    json,
                                    new RequestEvent(
                                            service,
                                            operation,
                                            startMs * 1000,
                                            duration,
                                            code,
                                            error,
                                            user,
                                            null),
                                    null,
                                    false));
                }
            }
        }
        return out;
    }

    private static String event(
            String service,
            String operation,
            String start,
            String duration,
            String status,
            String user) {
        return "{\"service\":\""
                + service
                + "\",\"operation\":\""
                + operation
                + "\",\"start\":"
                + start
                + ",\"durationMs\":"
                + duration
                + ",\"status\":"
                + status
                + ",\"userId\":\""
                + user
                + "\",\"extra\":{\"ignored\":[1,2,3]}}";
    }

    @Test
    void twentyThousandMixedEvents() throws Exception {
        List<Generated> all = generate();
        String bootstrap = TestKafka.bootstrapServers();
        try (TopicReader requests = TopicReader.fromEnd(bootstrap, TelemetryTopics.REQUESTS);
                TopicReader dead = TopicReader.fromEnd(bootstrap, TelemetryTopics.DEAD_LETTERS)) {

            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<HttpResponse<String>>> responses = new ArrayList<>();
            for (int b = 0; b < EVENTS / BATCH; b++) {
                List<Generated> batch = all.subList(b * BATCH, (b + 1) * BATCH);
                boolean ndjson = b % 2 == 1;
                StringBuilder body = new StringBuilder(ndjson ? "" : "[");
                for (int i = 0; i < batch.size(); i++) {
                    if (i > 0) {
                        body.append(ndjson ? "\n" : ",\n");
                    }
                    body.append(batch.get(i).json());
                }
                body.append(ndjson ? "\n" : "]");
                String type = ndjson ? "application/x-ndjson" : "application/json";
                responses.add(
                        pool.submit(
                                () ->
                                        Http.post(
                                                server.getURI(),
                                                "/api/v1/ingest/requests",
                                                type,
                                                body.toString())));
            }

            int acceptedTotal = 0;
            int rejectedTotal = 0;
            for (int b = 0; b < responses.size(); b++) {
                HttpResponse<String> r = responses.get(b).get();
                assertThat(r.statusCode()).isEqualTo(202);
                JsonNode json = Http.json(r);
                List<Generated> batch = all.subList(b * BATCH, (b + 1) * BATCH);
                List<Integer> expectedRejected = new ArrayList<>();
                for (int i = 0; i < batch.size(); i++) {
                    if (batch.get(i).expected() == null) {
                        expectedRejected.add(i);
                    }
                }
                assertThat(json.get("accepted").asInt()).isEqualTo(BATCH - expectedRejected.size());
                List<Integer> rejectedIndexes = new ArrayList<>();
                for (JsonNode rej : json.get("rejected")) {
                    int index = rej.get("index").asInt();
                    rejectedIndexes.add(index);
                    assertError(rej.get("error").asText(), batch.get(index));
                }
                assertThat(rejectedIndexes).isEqualTo(expectedRejected);
                acceptedTotal += json.get("accepted").asInt();
                rejectedTotal += rejectedIndexes.size();
            }
            pool.shutdown();

            Map<String, RequestEvent> expectedByUser = new HashMap<>();
            Map<String, Generated> expectedDead = new HashMap<>();
            for (Generated g : all) {
                if (g.expected() != null) {
                    expectedByUser.put(g.expected().userId(), g.expected());
                } else {
                    expectedDead.put(g.json(), g);
                }
            }
            assertThat(acceptedTotal).isEqualTo(expectedByUser.size());
            assertThat(rejectedTotal).isEqualTo(expectedDead.size());
            assertThat(acceptedTotal + rejectedTotal).isEqualTo(EVENTS);

            RequestEventCodec codec = RequestEventCodec.create();
            Map<String, RequestEvent> inKafka = new HashMap<>();
            int written = 0;
            for (ConsumerRecord<byte[], byte[]> c : requests.readNew()) {
                String key = new String(c.key(), StandardCharsets.UTF_8);
                if (!key.startsWith("svc-" + run)) {
                    continue;
                }
                RequestEvent e =
                        ((Validation.Accepted<RequestEvent>) codec.decode(c.value())).value();
                assertThat(key).isEqualTo(e.service());
                inKafka.put(e.userId(), e);
                written++;
            }
            assertThat(written)
                    .as("each valid event exactly once")
                    .isEqualTo(expectedByUser.size());
            assertThat(inKafka).isEqualTo(expectedByUser);

            int letters = 0;
            for (ConsumerRecord<byte[], byte[]> c : dead.readNew()) {
                DeadLetter d = DeadLetterCodec.decode(c.value());
                if (!d.raw().contains(run)) {
                    continue;
                }
                Generated g = expectedDead.get(d.raw());
                assertThat(g)
                        .as("dead letter for a record we sent invalid: %s", d.raw())
                        .isNotNull();
                assertError(d.error(), g);
                assertThat(d.topic()).isEqualTo(TelemetryTopics.REQUESTS);
                letters++;
            }
            assertThat(letters).isEqualTo(expectedDead.size());
        }
    }

    private static void assertError(String actual, Generated g) {
        assertThat(g.error()).as("record was generated valid: %s", g.json()).isNotNull();
        if (g.errorIsPrefix()) {
            assertThat(actual).startsWith(g.error());
        } else {
            assertThat(actual).isEqualTo(g.error());
        }
    }
}
