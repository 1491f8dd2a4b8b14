package dev.plimsoll.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's first command, as a newcomer runs it: {@code ./plimsoll up} from the repository
 * root. Runs after {@code package} (failsafe), so the script finds a fresh jar and does not build.
 */
class PlimsollScriptIT {

    private static final Duration STARTUP = Duration.ofMinutes(3);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void upReachesHealthyAcceptsEventsAndStopsEverythingOnSigterm(@TempDir Path tmp)
            throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        int port = freePort();
        Path log = tmp.resolve("plimsoll-up.log");
        ProcessBuilder builder =
                new ProcessBuilder(
                                List.of(
                                        root.resolve("plimsoll").toString(),
                                        "up",
                                        "--port",
                                        Integer.toString(port),
                                        "--data-dir",
                                        tmp.resolve("data").toString(),
                                        "--kafka-port",
                                        "0",
                                        "--clickhouse-port",
                                        "0"))
                        .directory(root.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
        builder.environment().remove("PLIMSOLL_KAFKA_BOOTSTRAP");
        builder.environment().remove("PLIMSOLL_CLICKHOUSE_URL");
        Process process = builder.start();
        URI base = URI.create("http://127.0.0.1:" + port);
        try {
            awaitHealthy(base, process, log);

            String events =
                    "{\"service\":\"checkout\",\"operation\":\"POST /pay\",\"start\":"
                            + (System.currentTimeMillis() - 5_000)
                            + ",\"durationMs\":12.5,\"status\":200}\n";
            HttpResponse<String> ingest =
                    HTTP.send(
                            HttpRequest.newBuilder(base.resolve("/api/v1/ingest/requests"))
                                    .header("Content-Type", "application/x-ndjson")
                                    .POST(HttpRequest.BodyPublishers.ofString(events))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(ingest.statusCode()).as(ingest.body()).isEqualTo(202);
            assertThat(ingest.body()).contains("\"accepted\":1");

            List<ProcessHandle> children = process.descendants().toList();
            assertThat(children).as("the local ClickHouse engine runs as a child").isNotEmpty();

            process.destroy(); // SIGTERM, as Ctrl-C or a service manager would
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(tail(log)).isTrue();
            for (ProcessHandle child : children) {
                child.onExit().get(30, TimeUnit.SECONDS);
                assertThat(child.isAlive()).as("child " + child.pid() + " stopped").isFalse();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(output)
                    .contains("is up in")
                    .contains("local broker, data " + tmp.resolve("data").resolve("kafka"))
                    .contains("API keys    NONE: open development mode")
                    .contains("Stopped.");
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private static void awaitHealthy(URI base, Process process, Path log) throws Exception {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("plimsoll up exited early:%n%s", tail(log)).isTrue();
            try {
                HttpResponse<String> health =
                        HTTP.send(
                                HttpRequest.newBuilder(base.resolve("/health"))
                                        .timeout(Duration.ofSeconds(5))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("not healthy within " + STARTUP + ":\n" + tail(log));
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
