package dev.plimsoll.ingest.http;

import dev.plimsoll.ingest.Http;
import dev.plimsoll.ingest.TestKafka;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A few thousand random and mutated bodies against every intake endpoint: never a 5xx, and the
 * server still ingests normally afterwards. Seeded, so a failure reproduces.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FuzzTest implements TestPropertyProvider {

    private static final int BODIES = 3_000;

    @Inject EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        return Map.of(
                "plimsoll.kafka.bootstrap-servers", TestKafka.bootstrapServers(),
                "plimsoll.security.mode", "open",
                "plimsoll.ingest.max-body-bytes", "200000",
                "plimsoll.ingest.max-records", "2000");
    }

    private static final String[][] TARGETS = {
        {"/api/v1/ingest/requests", "application/json"},
        {"/api/v1/ingest/requests", "application/x-ndjson"},
        {"/api/v1/ingest/deploys", "application/json"},
        {"/api/v1/ingest/costs", "application/json"},
        {"/api/v1/ingest/costs", "text/csv"},
        {"/v1/traces", "application/x-protobuf"},
        {"/v1/traces", "application/json"},
    };

    @Test
    void randomAndMutatedBodiesNeverCauseA5xx() throws Exception {
        long now = System.currentTimeMillis();
        byte[][] seeds = {
            ("[{\"service\":\"fuzz\",\"operation\":\"GET /a\",\"start\":"
                            + (now - 1000)
                            + ",\"durationMs\":1.5,\"status\":200,\"userId\":\"u\"},{\"service\":\"fuzz\",\"operation\":\"GET"
                            + " /b\",\"start\":\"2026-03-01T12:00:00Z\","
                            + "\"durationMs\":2,\"status\":\"error\",\"tenant\":\"t\"}]")
                    .getBytes(StandardCharsets.UTF_8),
            ("{\"recordId\":\"f\",\"service\":\"fuzz\",\"chargePeriodStart\":\"2026-03-01T00:00:00Z\","
                 + "\"chargePeriodEnd\":\"2026-03-01T01:00:00Z\",\"cost\":\"0.5\",\"currency\":\"USD\","
                 + "\"tags\":{\"a\":\"b\"}}")
                    .getBytes(StandardCharsets.UTF_8),
            Files.readAllBytes(Path.of("..", "docs", "examples", "focus-costs.csv")),
            dev.plimsoll.ingest.otlp.OtlpTracesTest.request(
                            "fuzz",
                            dev.plimsoll.ingest.otlp.OtlpTracesTest.span(
                                            io.opentelemetry.proto.trace.v1.Span.SpanKind
                                                    .SPAN_KIND_SERVER,
                                            "GET /x",
                                            (now - 1000) * 1_000_000L,
                                            now * 1_000_000L)
                                    .addAttributes(
                                            dev.plimsoll.ingest.otlp.OtlpTracesTest.num(
                                                    "http.response.status_code", 200))
                                    .build())
                    .toByteArray(),
        };
        SplittableRandom random = new SplittableRandom(3_000);
        Map<Integer, Integer> statusCounts = new TreeMap<>();
        for (int i = 0; i < BODIES; i++) {
            String[] target = TARGETS[random.nextInt(TARGETS.length)];
            byte[] body = mutate(seeds[random.nextInt(seeds.length)], random);
            HttpResponse<String> r = Http.post(server.getURI(), target[0], target[1], body);
            statusCounts.merge(r.statusCode(), 1, Integer::sum);
            assertThat(r.statusCode())
                    .as(
                            "%s %s with body %s",
                            target[0],
                            target[1],
                            Arrays.toString(Arrays.copyOf(body, Math.min(body.length, 200))))
                    .isLessThan(500);
        }
        // The mix exercised both acceptance and rejection paths.
        assertThat(statusCounts.keySet()).containsAnyOf(200, 202).contains(400);
        assertThat(statusCounts.keySet()).isSubsetOf(Set.of(200, 202, 400, 413));

        HttpResponse<String> healthy =
                Http.post(
                        server.getURI(),
                        "/api/v1/ingest/requests",
                        "application/json",
                        "[{\"service\":\"fuzz-after\",\"operation\":\"GET /\",\"start\":"
                                + (now - 1000)
                                + ",\"durationMs\":1}]");
        assertThat(healthy.statusCode()).isEqualTo(202);
        assertThat(healthy.body()).isEqualTo("{\"accepted\":1,\"rejected\":[]}");
    }

    private static byte[] mutate(byte[] seed, SplittableRandom random) {
        switch (random.nextInt(8)) {
            case 0:
                { // pure noise
                    byte[] noise = new byte[random.nextInt(400)];
                    for (int i = 0; i < noise.length; i++) {
                        noise[i] = (byte) random.nextInt(256);
                    }
                    return noise;
                }
            case 1: // truncated
                return Arrays.copyOf(seed, random.nextInt(seed.length + 1));
            case 2:
                { // deep nesting
                    int depth = 1 + random.nextInt(5_000);
                    return ("[".repeat(depth) + "]".repeat(random.nextInt(depth + 1)))
                            .getBytes(StandardCharsets.UTF_8);
                }
            case 3:
                { // huge or odd numbers and strings spliced in
                    String[] odd = {
                        "1e999999",
                        "-0",
                        "99999999999999999999999999999",
                        "NaN",
                        "\"\\u0000\"",
                        "\"\uD800\"",
                        "null",
                        "true",
                        "{}",
                        "[]",
                        "\"" + "x".repeat(5_000) + "\"",
                        "1.0e-400"
                    };
                    String s = new String(seed, StandardCharsets.ISO_8859_1);
                    int at = random.nextInt(s.length() + 1);
                    return (s.substring(0, at) + odd[random.nextInt(odd.length)] + s.substring(at))
                            .getBytes(StandardCharsets.ISO_8859_1);
                }
            default:
                { // byte flips
                    byte[] copy = seed.clone();
                    int flips = 1 + random.nextInt(8);
                    for (int i = 0; i < flips && copy.length > 0; i++) {
                        copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
                    }
                    return copy;
                }
        }
    }
}
