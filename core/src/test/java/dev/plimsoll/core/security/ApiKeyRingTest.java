package dev.plimsoll.core.security;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiKeyRingTest {

    private static final String READER_KEY = "plk_reader-key-0123456789abcdefghijklmnop";
    private static final String ACME_KEY = "plk_acme-key-0123456789abcdefghijklmnopqrs";
    private static final String INGEST_KEY = "plk_ingest-key-0123456789abcdefghijklmnopq";
    private static final String ADMIN_KEY = "plk_admin-key-0123456789abcdefghijklmnopqr";

    private static final String CONFIG =
            """
            # name     digest                scopes         tenant
            reader     sha256=%s scopes=read
            acme       sha256=%s scopes=read   tenant=acme ; ingester sha256=%s scopes=ingest
            admin      sha256=%s scopes=admin  # full access
            """
                    .formatted(
                            KeyDigest.of(READER_KEY).hex(),
                            KeyDigest.of(ACME_KEY).hex(),
                            KeyDigest.of(INGEST_KEY).hex(),
                            KeyDigest.of(ADMIN_KEY).hex());

    private final ApiKeyRing ring = ApiKeyRing.parse(CONFIG, "test config");

    @Test
    void parsesEntriesSeparatedByLinesAndSemicolonsIgnoringComments() {
        assertThat(ring.keys())
                .extracting(ApiKey::name)
                .containsExactly("reader", "acme", "ingester", "admin");
        assertThat(ring.keys().get(1).tenant()).contains("acme");
        assertThat(ring.keys().get(1).scopes()).containsExactly(Scope.READ);
        assertThat(ring.keys().get(0).tenant()).isEmpty();
    }

    @Test
    void authenticatesAConfiguredKey() {
        assertThat(ring.authenticate(ACME_KEY)).map(ApiKey::name).contains("acme");
    }

    @Test
    void doesNotAuthenticateAnUnknownKeyOrADigest() {
        assertThat(ring.authenticate("plk_unknown")).isEmpty();
        // Knowing the configured digest must not help: it is not the key.
        assertThat(ring.authenticate(KeyDigest.of(READER_KEY).hex())).isEmpty();
        assertThat(ring.authenticate("")).isEmpty();
        assertThat(ring.authenticate(null)).isEmpty();
    }

    @Test
    void rejectsOverlongKeysWithoutMatching() {
        assertThat(ring.authenticate("x".repeat(ApiKeyRing.MAX_KEY_LENGTH + 1))).isEmpty();
    }

    @Test
    void grantsAKeyWithTheScope() {
        assertThat(ring.authorize(READER_KEY, Scope.READ))
                .isEqualTo(
                        new AccessDecision.Granted(
                                new Caller("reader", Set.of(Scope.READ), Optional.empty())));
    }

    @Test
    void adminKeyIsGrantedRead() {
        assertThat(ring.authorize(ADMIN_KEY, Scope.READ))
                .isInstanceOf(AccessDecision.Granted.class);
    }

    @Test
    void missingKeyIsUnauthenticated() {
        assertThat(ring.authorize(null, Scope.READ))
                .isEqualTo(new AccessDecision.Unauthenticated("No API key was presented."));
        assertThat(ring.authorize("  ", Scope.READ))
                .isEqualTo(new AccessDecision.Unauthenticated("No API key was presented."));
    }

    @Test
    void unknownKeyIsUnauthenticated() {
        assertThat(ring.authorize("plk_wrong", Scope.READ))
                .isEqualTo(new AccessDecision.Unauthenticated("The API key is not valid."));
    }

    @Test
    void keyWithoutTheScopeIsForbidden() {
        assertThat(ring.authorize(INGEST_KEY, Scope.READ))
                .isEqualTo(
                        new AccessDecision.Forbidden(
                                "API key 'ingester' lacks scope 'read' (it has: ingest)."));
    }

    @Test
    void blankTextIsAnEmptyRing() {
        assertThat(ApiKeyRing.parse(" \n# nothing\n;", "empty").size()).isZero();
        assertThat(ApiKeyRing.empty().authorize(READER_KEY, Scope.READ))
                .isInstanceOf(AccessDecision.Unauthenticated.class);
    }

    @Test
    void unknownScopeNamesSourceEntryAndScope() {
        assertThatThrownBy(() -> ApiKeyRing.parse(entry("k", "reed", null), "keys.txt"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "keys.txt, key entry 1: Unknown scope 'reed'; expected ingest, read or"
                                + " admin.");
    }

    @Test
    void missingDigestIsRejected() {
        assertThatThrownBy(
                        () ->
                                ApiKeyRing.parse(
                                        "a sha256=" + hex("a") + " scopes=read\nb scopes=read",
                                        "cfg"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cfg, key entry 2: key 'b' has no sha256=<digest>.");
    }

    @Test
    void missingScopesAreRejected() {
        assertThatThrownBy(() -> ApiKeyRing.parse("a sha256=" + hex("a"), "cfg"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key 'a' has no scopes=");
    }

    @Test
    void unknownAttributeIsRejected() {
        assertThatThrownBy(
                        () ->
                                ApiKeyRing.parse(
                                        "a sha256=" + hex("a") + " scopes=read expires=2030",
                                        "cfg"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown attribute 'expires' of key 'a'");
    }

    @Test
    void aBareTokenIsRejectedWithoutEchoingItInFull() {
        String pasted = "plk_secretsecretsecretsecret";

        assertThatThrownBy(() -> ApiKeyRing.parse("a " + pasted + " scopes=read", "cfg"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not an attribute")
                .hasMessageNotContaining(pasted);
    }

    @Test
    void duplicateNamesAreRejected() {
        String text =
                entry("same", "read", null) + "\n" + "same sha256=" + hex("other") + " scopes=read";

        assertThatThrownBy(() -> ApiKeyRing.parse(text, "cfg"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cfg: Two API keys are named 'same'; names must be unique.");
    }

    @Test
    void duplicateDigestsAreRejected() {
        String text = entry("one", "read", null) + "\n" + entry("two", "admin", null);

        assertThatThrownBy(() -> ApiKeyRing.parse(text, "cfg"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("API key 'two' has the same digest as another key");
    }

    @Test
    void emptyTenantIsRejected() {
        assertThatThrownBy(() -> ApiKeyRing.parse(entry("k", "read", ""), "cfg"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has an empty tenant=");
    }

    @Test
    void invalidNameIsRejected() {
        assertThatThrownBy(
                        () -> ApiKeyRing.parse("-bad sha256=" + hex("x") + " scopes=read", "cfg"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Key name '-bad' is not valid");
    }

    @Test
    void generatedKeysAuthenticateThroughTheirConfigEntry() {
        String key = ApiKeyGenerator.newKey();
        ApiKeyRing generated =
                ApiKeyRing.parse(
                        ApiKeyGenerator.configEntry("gen", key, "read,ingest", "t1"), "gen");

        assertThat(key).startsWith("plk_").hasSize(4 + 43);
        assertThat(generated.authorize(key, Scope.INGEST))
                .isEqualTo(
                        new AccessDecision.Granted(
                                new Caller(
                                        "gen",
                                        Set.of(Scope.READ, Scope.INGEST),
                                        Optional.of("t1"))));
    }

    @Test
    void generatedKeysDiffer() {
        assertThat(ApiKeyGenerator.newKey()).isNotEqualTo(ApiKeyGenerator.newKey());
    }

    private static String entry(String name, String scopes, String tenant) {
        String entry = name + " sha256=" + hex("key-of-" + "shared") + " scopes=" + scopes;
        return tenant == null ? entry : entry + " tenant=" + tenant;
    }

    private static String hex(String key) {
        return KeyDigest.of(key).hex();
    }
}
