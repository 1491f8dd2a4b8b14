package dev.plimsoll.queryapi.security;

import dev.plimsoll.infra.testing.CapturedLogs;
import dev.plimsoll.queryapi.support.ClosedPort;
import dev.plimsoll.queryapi.support.Http;
import dev.plimsoll.queryapi.support.TestKeys;

import ch.qos.logback.classic.Level;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.client.HttpClient;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Server-level security behaviour that needs its own server: open mode, rotation through the keys
 * file, invalid key configuration. Requests lack {@code from}/{@code to}, so 400 means "let
 * through" and no ClickHouse is needed.
 */
class SecurityModesTest {

    private static final String SERVICES = "/api/v1/services";

    @TempDir Path dir;

    @Test
    void openModeLetsRequestsWithoutKeyThroughAndWarnsLoudlyAtStartup() {
        try (CapturedLogs logs = new CapturedLogs(ApiKeyStore.class);
                EmbeddedServer server = start(Map.of("plimsoll.security.mode", "open"));
                HttpClient client = HttpClient.create(server.getURL())) {

            assertThat(new Http(client).get(SERVICES, null).status()).isEqualTo(400);
            assertThat(logs.messages(Level.WARN))
                    .singleElement()
                    .satisfies(
                            m ->
                                    assertThat(m)
                                            .contains("SECURITY: plimsoll.security.mode=open")
                                            .contains("WITHOUT API keys"));
        }
    }

    @Test
    void keysModeIsTheDefault() {
        try (EmbeddedServer server = start(Map.of());
                HttpClient client = HttpClient.create(server.getURL())) {

            assertThat(new Http(client).get(SERVICES, null).status()).isEqualTo(401);
        }
    }

    @Test
    void noConfiguredKeysRefusesEveryRequestAndSaysSo() {
        try (CapturedLogs logs = new CapturedLogs(ApiKeyStore.class);
                EmbeddedServer server = start(Map.of());
                HttpClient client = HttpClient.create(server.getURL())) {

            assertThat(new Http(client).get(SERVICES, TestKeys.READER).status()).isEqualTo(401);
            assertThat(logs.messages(Level.WARN))
                    .singleElement()
                    .satisfies(m -> assertThat(m).startsWith("No API keys are configured"));
        }
    }

    @Test
    void invalidKeyConfigurationStopsTheStart() {
        assertThatThrownBy(
                        () ->
                                start(
                                        Map.of(
                                                "plimsoll.security.keys",
                                                "grafana sha256=abc scopes=read")))
                .hasStackTraceContaining("plimsoll.security.keys, key entry 1: key 'grafana'");
    }

    @Test
    void keysFileRotationTakesEffectWithoutRestart() throws IOException {
        String oldKey = "plk_rotation-old-0123456789abcdefghijklmnopqr";
        String newKey = "plk_rotation-new-0123456789abcdefghijklmnopqr";
        Path keys = dir.resolve("keys.txt");
        Files.writeString(keys, TestKeys.entry("client", oldKey, "read", null));
        try (CapturedLogs logs = new CapturedLogs(ApiKeyStore.class);
                EmbeddedServer server =
                        start(
                                Map.of(
                                        "plimsoll.security.keys-file",
                                        keys.toString(),
                                        "plimsoll.security.reload-interval",
                                        "100ms"));
                HttpClient client = HttpClient.create(server.getURL())) {
            Http http = new Http(client);
            assertThat(http.get(SERVICES, oldKey).status()).isEqualTo(400);
            assertThat(http.get(SERVICES, newKey).status()).isEqualTo(401);

            // Add the new key: both work during the roll-over.
            Files.writeString(
                    keys,
                    TestKeys.entry("client", oldKey, "read", null)
                            + "\n"
                            + TestKeys.entry("client-next", newKey, "read", null));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> http.get(SERVICES, newKey).status() == 400);
            assertThat(http.get(SERVICES, oldKey).status()).isEqualTo(400);

            // Retire the old key.
            Files.writeString(keys, TestKeys.entry("client-next", newKey, "read", null));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> http.get(SERVICES, oldKey).status() == 401);
            assertThat(http.get(SERVICES, newKey).status()).isEqualTo(400);

            // A broken file is reported and leaves the keys in force.
            Files.writeString(keys, "client-next sha256=not-a-digest scopes=read");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !logs.messages(Level.ERROR).isEmpty());
            assertThat(logs.messages(Level.ERROR).get(0))
                    .startsWith("API keys file not reloaded, previous keys stay in force: ");
            assertThat(http.get(SERVICES, newKey).status()).isEqualTo(400);
        }
    }

    private static EmbeddedServer start(Map<String, Object> properties) {
        Map<String, Object> all = new java.util.HashMap<>(properties);
        all.put("plimsoll.clickhouse.url", ClosedPort.clickHouseUrl());
        all.put("micronaut.server.port", -1);
        return ApplicationContext.run(EmbeddedServer.class, all, "test");
    }
}
