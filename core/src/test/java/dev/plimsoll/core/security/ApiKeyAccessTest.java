package dev.plimsoll.core.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiKeyAccessTest {

    private static final String INGESTER = "plk_ingester-0123456789abcdefghijklmnopqrstuv";
    private static final String READER = "plk_reader-0123456789abcdefghijklmnopqrstuvwx";
    private static final String KEYS =
            ApiKeyGenerator.configEntry("ingester", INGESTER, "ingest", "acme")
                    + ";"
                    + ApiKeyGenerator.configEntry("reader", READER, "read", null);
    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    @TempDir Path dir;

    /** A header lookup with these {@code Authorization} and {@code X-API-Key} values. */
    private static Function<String, String> headers(String authorization, String apiKey) {
        return name ->
                switch (name) {
                    case "Authorization" -> authorization;
                    case "X-API-Key" -> apiKey;
                    default -> throw new AssertionError("unexpected header " + name);
                };
    }

    private static ApiKeyAccess keys(String entries) {
        return ApiKeyAccess.load("keys", entries, null, TEN_SECONDS);
    }

    @Test
    void grantsAKeyWithTheScopeFromEitherHeader() {
        ApiKeyAccess access = keys(KEYS);
        Caller ingester = new Caller("ingester", Set.of(Scope.INGEST), Optional.of("acme"));

        assertThat(access.authorize(headers("Bearer " + INGESTER, null), Scope.INGEST))
                .isEqualTo(new AccessDecision.Granted(ingester));
        assertThat(access.authorize(headers(null, INGESTER), Scope.INGEST))
                .isEqualTo(new AccessDecision.Granted(ingester));
    }

    @Test
    void noKeyAndUnknownKeyAreUnauthenticatedWithHowToSendOne() {
        ApiKeyAccess access = keys(KEYS);

        assertThat(access.authorize(headers(null, null), Scope.INGEST))
                .isEqualTo(
                        new AccessDecision.Unauthenticated(
                                "No API key was presented. Send a key with scope 'ingest' as"
                                        + " 'Authorization: Bearer <key>' or 'X-API-Key:"
                                        + " <key>'."));
        assertThat(access.authorize(headers("Bearer plk_unknown", null), Scope.READ))
                .isEqualTo(
                        new AccessDecision.Unauthenticated(
                                "The API key is not valid. Send a key with scope 'read' as"
                                        + " 'Authorization: Bearer <key>' or 'X-API-Key:"
                                        + " <key>'."));
    }

    @Test
    void aKeyWithoutTheScopeIsForbidden() {
        assertThat(keys(KEYS).authorize(headers(null, READER), Scope.INGEST))
                .isEqualTo(
                        new AccessDecision.Forbidden(
                                "API key 'reader' lacks scope 'ingest' (it has: read)."));
    }

    @Test
    void openModeGrantsEverythingToTheOpenModeCallerWithoutAKey() {
        ApiKeyAccess access = ApiKeyAccess.load("open", KEYS, null, TEN_SECONDS);

        assertThat(access.open()).isTrue();
        assertThat(access.authorize(headers(null, null), Scope.ADMIN))
                .isEqualTo(new AccessDecision.Granted(Caller.openMode()));
        // Even a tenant-bound key is not applied: open mode has no tenant binding.
        assertThat(access.authorize(headers("Bearer " + INGESTER, null), Scope.INGEST))
                .isEqualTo(new AccessDecision.Granted(Caller.openMode()));
    }

    @Test
    void keysAreValidatedInOpenModeToo() {
        assertThatThrownBy(
                        () ->
                                ApiKeyAccess.load(
                                        "open", "x sha256=abc scopes=read", null, TEN_SECONDS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("plimsoll.security.keys, key entry 1: ");
    }

    @Test
    void anUnknownModeIsRefused() {
        assertThatThrownBy(() -> ApiKeyAccess.load("off", null, null, TEN_SECONDS))
                .hasMessage("plimsoll.security.mode must be keys or open, was 'off'.");
    }

    @Test
    void openModeWarningIsABoxNamingTheRoutesAndTheExposure() {
        SecurityNotice notice =
                ApiKeyAccess.load("open", null, null, TEN_SECONDS)
                        .startupNotice("/v1/traces", "write telemetry");

        assertThat(notice.level()).isEqualTo(SecurityNotice.Level.WARN);
        String[] lines = notice.message().split("\n", -1);
        assertThat(lines[0]).isEmpty(); // the box starts on a line of its own
        assertThat(lines[1]).matches("\\*{10,}");
        assertThat(lines[lines.length - 1]).isEqualTo(lines[1]);
        for (int i = 2; i < lines.length - 1; i++) {
            assertThat(lines[i]).hasSameSizeAs(lines[1]).startsWith("*  ").endsWith("  *");
        }
        assertThat(notice.message())
                .isEqualTo(
                        "\n"
                                + "*".repeat(75)
                                + "\n"
                                + "*  SECURITY: plimsoll.security.mode=open                        "
                                + "          *\n"
                                + "*  /v1/traces: requests are let through WITHOUT API keys; anyone"
                                + " who can  *\n"
                                + "*  reach this port can write telemetry.                         "
                                + "          *\n"
                                + "*  For local development only. Set plimsoll.security.mode=keys"
                                + " and        *\n"
                                + "*  configure keys before exposing it.                           "
                                + "          *\n"
                                + "*".repeat(75));
    }

    @Test
    void longRoutesWrapButKeepTheWarningWordsTogether() {
        String box =
                ApiKeyAccess.openModeWarning(
                        "/api/v1/ingest/** and /v1/traces and some more routes to make it long",
                        "write telemetry for any service and tenant");

        assertThat(box).contains("WITHOUT API keys");
        assertThat(box.lines().mapToInt(String::length).max().getAsInt()).isLessThanOrEqualTo(78);
    }

    @Test
    void withoutKeysTheStartupNoticeWarnsThatEverythingIsRefused() {
        assertThat(keys(null).startupNotice("/api/v1", "read"))
                .isEqualTo(
                        new SecurityNotice(
                                SecurityNotice.Level.WARN,
                                "No API keys are configured (plimsoll.security.keys / keys-file):"
                                        + " every /api/v1 request will be refused with 401."));
    }

    @Test
    void withKeysTheStartupNoticeCountsThemAndNamesTheFile() throws IOException {
        Path file = dir.resolve("keys.txt");
        Files.writeString(
                file,
                ApiKeyGenerator.configEntry(
                        "f", "plk_file-0123456789abcdefghijklmnopqrstuvwxyz", "read", null));

        assertThat(keys(KEYS).startupNotice("/api/v1", "read"))
                .isEqualTo(
                        new SecurityNotice(
                                SecurityNotice.Level.INFO, "API keys for /api/v1: 2 configured"));
        assertThat(
                        ApiKeyAccess.load("keys", KEYS, file, TEN_SECONDS)
                                .startupNotice("/api/v1", "read"))
                .isEqualTo(
                        new SecurityNotice(
                                SecurityNotice.Level.INFO,
                                "API keys for /api/v1: 3 configured, keys file "
                                        + file
                                        + " re-read every PT10S"));
    }

    @Test
    void reloadReportsNewKeysAndBrokenFilesAndIsSilentOtherwise() throws IOException {
        String fileKey = "plk_file-0123456789abcdefghijklmnopqrstuvwxyz";
        Path file = dir.resolve("keys.txt");
        Files.writeString(file, "# none yet\n");
        ApiKeyAccess access = ApiKeyAccess.load("keys", KEYS, file, TEN_SECONDS);
        assertThat(access.keysFile()).contains(file);
        assertThat(access.reload()).isEmpty();
        assertThat(access.authorize(headers(null, fileKey), Scope.READ))
                .isInstanceOf(AccessDecision.Unauthenticated.class);

        Files.writeString(file, ApiKeyGenerator.configEntry("f", fileKey, "read", null));
        assertThat(access.reload())
                .contains(
                        new SecurityNotice(
                                SecurityNotice.Level.INFO,
                                "API keys file reloaded: 3 keys in force"));
        assertThat(access.authorize(headers(null, fileKey), Scope.READ))
                .isInstanceOf(AccessDecision.Granted.class);
        assertThat(access.reload()).isEmpty();

        Files.writeString(file, "f sha256=nope scopes=read");
        Optional<SecurityNotice> broken = access.reload();
        assertThat(broken)
                .get()
                .extracting(SecurityNotice::level)
                .isEqualTo(SecurityNotice.Level.ERROR);
        assertThat(broken.get().message())
                .startsWith(
                        "API keys file not reloaded, previous keys stay in force: "
                                + file
                                + ", key entry 1: ");
        assertThat(access.authorize(headers(null, fileKey), Scope.READ))
                .isInstanceOf(AccessDecision.Granted.class);
    }

    @Test
    void withoutAFileReloadDoesNothing() {
        assertThat(keys(KEYS).reload()).isEmpty();
    }
}
