package dev.plimsoll.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM while clients are sending, then a restart on the same data directory: every event
 * answered 202 is counted exactly once. Each HTTP batch carries its own operation name, so the API
 * can tell, batch by batch, that an acknowledged batch landed whole and once, and that a batch
 * whose answer was lost in the shutdown landed whole or not at all — never twice, never in part.
 */
class ShutdownDuringIngestTest {

    private static final int EVENTS_PER_BATCH = 50;
    private static final int BATCHES_BEFORE_SIGTERM = 30;
    private static final Duration STARTUP = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static final java.util.concurrent.atomic.AtomicReference<String> FIRST_REFUSAL =
            new java.util.concurrent.atomic.AtomicReference<>();

    @TempDir Path dir;

    @Test
    void everyAcknowledgedEventIsCountedExactlyOnceAfterSigtermAndRestart() throws Exception {
        Instant m0 = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MINUTES);
        int port = freePort();
        URI base = URI.create("http://127.0.0.1:" + port);

        Process first = start(port, "first.log", "text");
        awaitHealthy(base, first, "first.log");
        Map<Integer, Integer> status = new TreeMap<>();
        int batch = 0;
        for (; batch < BATCHES_BEFORE_SIGTERM; batch++) {
            status.put(batch, post(base, batch, m0));
        }
        first.destroy(); // SIGTERM, with the client still sending
        for (; first.isAlive() && batch < BATCHES_BEFORE_SIGTERM + 200; batch++) {
            status.put(batch, post(base, batch, m0));
        }
        assertThat(first.waitFor(90, TimeUnit.SECONDS)).as(log("first.log")).isTrue();
        System.out.printf(
                "batches by answer (-1 = none): %s%n",
                status.values().stream()
                        .collect(
                                java.util.stream.Collectors.groupingBy(
                                        v -> v,
                                        TreeMap::new,
                                        java.util.stream.Collectors.counting())));
        assertThat(log("first.log")).contains("Stopped.");
        assertThat(status.values())
                .as(
                        "during shutdown a sender sees 202, 503 (retry later) or no answer: %s",
                        FIRST_REFUSAL)
                .allSatisfy(code -> assertThat(code).isIn(202, 503, -1));

        Process second = start(port, "second.log", "json");
        try {
            awaitHealthy(base, second, "second.log");
            String tick =
                    event("tick", m0.plus(Duration.ofMinutes(8)).toEpochMilli(), "tick") + "\n";
            assertThat(ingest(base, tick).statusCode()).isEqualTo(202);

            List<Integer> acknowledged =
                    status.entrySet().stream()
                            .filter(e -> e.getValue() == 202)
                            .map(Map.Entry::getKey)
                            .toList();
            assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(BATCHES_BEFORE_SIGTERM);
            awaitCount(base, m0, acknowledged.get(acknowledged.size() - 1), EVENTS_PER_BATCH);

            long total = 0;
            for (Map.Entry<Integer, Integer> e : status.entrySet()) {
                long count = count(base, m0, e.getKey());
                if (e.getValue() == 202) {
                    assertThat(count).as("acknowledged batch %d", e.getKey()).isEqualTo(50);
                } else {
                    assertThat(count)
                            .as("batch %d answered %d", e.getKey(), e.getValue())
                            .isIn(0L, (long) EVENTS_PER_BATCH);
                }
                total += count;
            }
            assertThat(total).isEqualTo(serviceCount(base, m0));
            System.out.printf("events counted after restart: %d%n", total);
            System.out.println(log("first.log").lines().filter(l -> l.contains("Stopp")).toList());
            assertStructuredLogs(log("second.log"));
        } finally {
            second.destroy();
            if (!second.waitFor(90, TimeUnit.SECONDS)) {
                second.descendants().forEach(ProcessHandle::destroyForcibly);
                second.destroyForcibly();
            }
        }
    }

    /** Posts batch {@code b}; returns the status, or -1 when no answer came back. */
    private static int post(URI base, int b, Instant m0) {
        StringBuilder body = new StringBuilder();
        long start = m0.toEpochMilli() + b * 1_000L;
        for (int i = 0; i < EVENTS_PER_BATCH; i++) {
            body.append(event("batch-" + b, start + i * 10L, "u" + i)).append('\n');
        }
        try {
            HttpResponse<String> response = ingest(base, body.toString());
            if (response.statusCode() != 202 && FIRST_REFUSAL.compareAndSet(null, "")) {
                FIRST_REFUSAL.set(response.statusCode() + " " + response.body());
                System.out.println("first refusal: " + FIRST_REFUSAL.get());
            }
            return response.statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String event(String operation, long startMillis, String user) {
        return "{\"service\":\"shutdown\",\"operation\":\""
                + operation
                + "\",\"start\":"
                + startMillis
                + ",\"durationMs\":5,\"userId\":\""
                + user
                + "\"}";
    }

    private static HttpResponse<String> ingest(URI base, String ndjson)
            throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(base.resolve("/api/v1/ingest/requests"))
                        .header("Content-Type", "application/x-ndjson")
                        .timeout(Duration.ofSeconds(20))
                        .POST(HttpRequest.BodyPublishers.ofString(ndjson))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long count(URI base, Instant m0, int batch) throws Exception {
        return latencyCount(base, m0, "&operation=" + encode("batch-" + batch));
    }

    private static long serviceCount(URI base, Instant m0) throws Exception {
        return latencyCount(base, m0, "");
    }

    /** Requests counted in the first five minutes, 0 for an operation never seen (404). */
    private static long latencyCount(URI base, Instant m0, String extra) throws Exception {
        HttpResponse<String> r =
                HTTP.send(
                        HttpRequest.newBuilder(
                                        base.resolve(
                                                "/api/v1/services/shutdown/latency?from="
                                                        + m0
                                                        + "&to="
                                                        + m0.plus(Duration.ofMinutes(5))
                                                        + extra))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 404) {
            return 0;
        }
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode points = JSON.readTree(r.body()).path("points");
        return points.isEmpty() ? 0 : points.get(0).path("count").asLong();
    }

    private static void awaitCount(URI base, Instant m0, int batch, long expected)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (count(base, m0, batch) < expected) {
            assertThat(System.nanoTime()).as("batch %d never landed", batch).isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    private Process start(int port, String logName, String logFormat) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command =
                new ArrayList<>(
                        List.of(
                                java,
                                "-Xmx1g",
                                "-Dplimsoll.kafka.topic-partitions=1",
                                "-Dplimsoll.streams.sink.batch-interval=200ms",
                                "-cp",
                                System.getProperty("java.class.path"),
                                PlimsollMain.class.getName(),
                                "up",
                                "--port",
                                Integer.toString(port),
                                "--data-dir",
                                dir.resolve("data").toString(),
                                "--kafka-port",
                                "0",
                                "--clickhouse-port",
                                "0",
                                "--log-format",
                                logFormat));
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve(logName).toFile());
        builder.environment().remove("PLIMSOLL_KAFKA_BOOTSTRAP");
        builder.environment().remove("PLIMSOLL_CLICKHOUSE_URL");
        return builder.start();
    }

    private void awaitHealthy(URI base, Process process, String logName) throws Exception {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("exited early:%n%s", log(logName)).isTrue();
            try {
                if (HTTP.send(
                                        HttpRequest.newBuilder(base.resolve("/health"))
                                                .timeout(Duration.ofSeconds(5))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(300);
        }
        throw new AssertionError("not healthy within " + STARTUP + ":\n" + log(logName));
    }

    /** With {@code --log-format json} every log line is one JSON object with level and message. */
    private static void assertStructuredLogs(String output) throws IOException {
        List<String> logLines = output.lines().filter(l -> l.startsWith("{")).toList();
        assertThat(logLines).as(output).isNotEmpty();
        for (String line : logLines) {
            JsonNode entry = JSON.readTree(line);
            assertThat(entry.path("level").asText())
                    .isIn("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
            assertThat(entry.path("message").isTextual()).isTrue();
            assertThat(entry.has("@timestamp")).isTrue();
        }
    }

    private String log(String name) throws IOException {
        return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
