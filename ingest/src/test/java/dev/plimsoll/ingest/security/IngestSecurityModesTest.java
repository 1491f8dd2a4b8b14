package dev.plimsoll.ingest.security;

import dev.plimsoll.core.security.ApiKeyGenerator;
import dev.plimsoll.infra.testing.CapturedLogs;
import dev.plimsoll.ingest.Http;
import dev.plimsoll.ingest.TestKafka;

import ch.qos.logback.classic.Level;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Server-level behaviour of the ingest keys, one server each: open mode, the default, an invalid
 * mode, rotation through the keys file. Bodies are empty batches ({@code []}, an empty OTLP
 * export), so 202/200 means "let through" and nothing is written to Kafka.
 */
class IngestSecurityModesTest {

    private static final byte[] EMPTY_BATCH = "[]".getBytes(StandardCharsets.UTF_8);

    @TempDir Path dir;

    @Test
    void openModeLetsEveryRouteThroughWithoutKeyAndWarnsLoudlyAtStartup() {
        try (CapturedLogs logs = new CapturedLogs(IngestKeyStore.class);
                EmbeddedServer server = start(Map.of("plimsoll.security.mode", "open"))) {
            URI base = server.getURI();

            assertThat(post(base, "/api/v1/ingest/requests", null)).isEqualTo(202);
            assertThat(post(base, "/api/v1/ingest/costs", null)).isEqualTo(202);
            assertThat(post(base, "/api/v1/ingest/deploys", null)).isEqualTo(202);
            assertThat(
                            Http.postBytes(
                                            base,
                                            "/v1/traces",
                                            "application/x-protobuf",
                                            new byte[0])
                                    .statusCode())
                    .isEqualTo(200);
            assertThat(logs.messages(Level.WARN))
                    .singleElement()
                    .satisfies(
                            m ->
                                    assertThat(m)
                                            .contains("SECURITY: plimsoll.security.mode=open")
                                            .contains("/api/v1/ingest and /v1/traces: requests")
                                            .contains("WITHOUT API keys")
                                            .contains("write telemetry for"));
        }
    }

    @Test
    void keysModeIsTheDefaultAndWithoutKeysEverythingIsRefused() {
        try (CapturedLogs logs = new CapturedLogs(IngestKeyStore.class);
                EmbeddedServer server = start(Map.of())) {

            assertThat(post(server.getURI(), "/api/v1/ingest/requests", null)).isEqualTo(401);
            assertThat(logs.messages(Level.WARN))
                    .containsExactly(
                            "No API keys are configured (plimsoll.security.keys / keys-file):"
                                    + " every /api/v1/ingest and /v1/traces request will be"
                                    + " refused with 401.");
        }
    }

    @Test
    void anUnknownModeStopsTheStart() {
        assertThatThrownBy(() -> start(Map.of("plimsoll.security.mode", "off")).close())
                .hasStackTraceContaining("plimsoll.security.mode must be keys or open, was 'off'.");
    }

    @Test
    void invalidKeysStopTheStart() {
        assertThatThrownBy(
                        () ->
                                start(
                                                Map.of(
                                                        "plimsoll.security.keys",
                                                        "ci sha256=abc scopes=ingest"))
                                        .close())
                .hasStackTraceContaining("plimsoll.security.keys, key entry 1: ");
    }

    @Test
    void keysFileRotationTakesEffectWithoutRestart() throws IOException {
        String oldKey = "plk_ingest-rotation-old-0123456789abcdefghijk";
        String newKey = "plk_ingest-rotation-new-0123456789abcdefghijk";
        Path keys = dir.resolve("keys.txt");
        Files.writeString(keys, ApiKeyGenerator.configEntry("ci", oldKey, "ingest", null));
        try (CapturedLogs logs = new CapturedLogs(IngestKeyStore.class);
                EmbeddedServer server =
                        start(
                                Map.of(
                                        "plimsoll.security.keys-file",
                                        keys.toString(),
                                        "plimsoll.security.reload-interval",
                                        "100ms"))) {
            URI base = server.getURI();
            String route = "/api/v1/ingest/requests";
            assertThat(post(base, route, oldKey)).isEqualTo(202);
            assertThat(post(base, route, newKey)).isEqualTo(401);

            // Add the new key: both work during the roll-over.
            Files.writeString(
                    keys,
                    ApiKeyGenerator.configEntry("ci", oldKey, "ingest", null)
                            + "\n"
                            + ApiKeyGenerator.configEntry("ci-next", newKey, "ingest", null));
            await().atMost(Duration.ofSeconds(10)).until(() -> post(base, route, newKey) == 202);
            assertThat(post(base, route, oldKey)).isEqualTo(202);
            assertThat(logs.messages(Level.INFO))
                    .contains("API keys file reloaded: 2 keys in force");

            // Retire the old key; the OTLP route follows the same keys.
            Files.writeString(keys, ApiKeyGenerator.configEntry("ci-next", newKey, "ingest", null));
            await().atMost(Duration.ofSeconds(10)).until(() -> post(base, route, oldKey) == 401);
            assertThat(post(base, route, newKey)).isEqualTo(202);
            assertThat(
                            Http.postBytes(
                                            base,
                                            "/v1/traces",
                                            "application/x-protobuf",
                                            new byte[0],
                                            "X-API-Key",
                                            newKey)
                                    .statusCode())
                    .isEqualTo(200);

            // A broken file is reported and leaves the keys in force.
            Files.writeString(keys, "ci-next sha256=not-a-digest scopes=ingest");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !logs.messages(Level.ERROR).isEmpty());
            assertThat(logs.messages(Level.ERROR).get(0))
                    .startsWith("API keys file not reloaded, previous keys stay in force: " + keys);
            assertThat(post(base, route, newKey)).isEqualTo(202);
        }
    }

    private static int post(URI base, String path, String key) {
        return (key == null
                        ? Http.postBytes(base, path, "application/json", EMPTY_BATCH)
                        : Http.postBytes(
                                base, path, "application/json", EMPTY_BATCH, "X-API-Key", key))
                .statusCode();
    }

    private static EmbeddedServer start(Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(properties);
        all.put("plimsoll.kafka.bootstrap-servers", TestKafka.bootstrapServers());
        all.put("micronaut.server.port", -1);
        return ApplicationContext.run(EmbeddedServer.class, all);
    }
}
