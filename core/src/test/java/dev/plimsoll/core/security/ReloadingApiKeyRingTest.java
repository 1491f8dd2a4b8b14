package dev.plimsoll.core.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReloadingApiKeyRingTest {

    private static final String OLD_KEY = "plk_old-key-0123456789abcdefghijklmnopqrstu";
    private static final String NEW_KEY = "plk_new-key-0123456789abcdefghijklmnopqrstu";
    private static final String INLINE_KEY = "plk_inline-key-0123456789abcdefghijklmnopq";

    @TempDir Path dir;

    @Test
    void inlineKeysAloneAreLoadedOnce() {
        ReloadingApiKeyRing ring =
                ReloadingApiKeyRing.load(
                        line("inline", INLINE_KEY), "plimsoll.security.keys", null);

        assertThat(ring.current().authenticate(INLINE_KEY)).isPresent();
        assertThat(ring.reloadIfChanged()).isEqualTo(new ReloadingApiKeyRing.Outcome.Unchanged());
    }

    @Test
    void rotationThroughTheFileTakesEffectWithoutRestart() throws IOException {
        Path file = dir.resolve("keys.txt");
        Files.writeString(file, line("client", OLD_KEY));
        ReloadingApiKeyRing ring =
                ReloadingApiKeyRing.load(line("inline", INLINE_KEY), "cfg", file);

        Files.writeString(file, line("client", OLD_KEY) + "\n" + line("client-next", NEW_KEY));
        assertThat(ring.reloadIfChanged()).isEqualTo(new ReloadingApiKeyRing.Outcome.Reloaded(3));
        assertThat(ring.current().authenticate(NEW_KEY)).isPresent();
        assertThat(ring.current().authenticate(OLD_KEY)).isPresent();

        Files.writeString(file, line("client-next", NEW_KEY));
        assertThat(ring.reloadIfChanged()).isEqualTo(new ReloadingApiKeyRing.Outcome.Reloaded(2));
        assertThat(ring.current().authenticate(OLD_KEY)).isEmpty();
        assertThat(ring.current().authenticate(NEW_KEY)).isPresent();
        assertThat(ring.current().authenticate(INLINE_KEY)).isPresent();
    }

    @Test
    void unchangedFileIsNotReparsed() throws IOException {
        Path file = dir.resolve("keys.txt");
        Files.writeString(file, line("client", OLD_KEY));
        ReloadingApiKeyRing ring = ReloadingApiKeyRing.load(null, "cfg", file);
        ApiKeyRing before = ring.current();

        assertThat(ring.reloadIfChanged()).isEqualTo(new ReloadingApiKeyRing.Outcome.Unchanged());
        assertThat(ring.current()).isSameAs(before);
    }

    @Test
    void aBrokenFileKeepsThePreviousKeys() throws IOException {
        Path file = dir.resolve("keys.txt");
        Files.writeString(file, line("client", OLD_KEY));
        ReloadingApiKeyRing ring = ReloadingApiKeyRing.load(null, "cfg", file);

        Files.writeString(file, "client sha256=abc scopes=read");

        assertThat(ring.reloadIfChanged())
                .isInstanceOfSatisfying(
                        ReloadingApiKeyRing.Outcome.Failed.class,
                        failed ->
                                assertThat(failed.reason())
                                        .startsWith(file + ", key entry 1: key 'client'"));
        assertThat(ring.current().authenticate(OLD_KEY)).isPresent();
    }

    @Test
    void aVanishedFileKeepsThePreviousKeys() throws IOException {
        Path file = dir.resolve("keys.txt");
        Files.writeString(file, line("client", OLD_KEY));
        ReloadingApiKeyRing ring = ReloadingApiKeyRing.load(null, "cfg", file);

        Files.delete(file);

        assertThat(ring.reloadIfChanged())
                .isEqualTo(
                        new ReloadingApiKeyRing.Outcome.Failed(
                                "API keys file " + file + " does not exist."));
        assertThat(ring.current().authenticate(OLD_KEY)).isPresent();
    }

    @Test
    void aMissingFileAtStartIsAnError() {
        Path file = dir.resolve("missing.txt");

        assertThatThrownBy(() -> ReloadingApiKeyRing.load(null, "cfg", file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("API keys file " + file + " does not exist.");
    }

    @Test
    void aKeyInBothInlineConfigAndFileIsAnError() throws IOException {
        Path file = dir.resolve("keys.txt");
        Files.writeString(file, line("client", OLD_KEY));

        assertThatThrownBy(() -> ReloadingApiKeyRing.load(line("client", NEW_KEY), "cfg", file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Two API keys are named 'client'");
    }

    private static String line(String name, String key) {
        return name + " sha256=" + KeyDigest.of(key).hex() + " scopes=read";
    }
}
