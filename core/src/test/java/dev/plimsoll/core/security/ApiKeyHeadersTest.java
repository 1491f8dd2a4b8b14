package dev.plimsoll.core.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyHeadersTest {

    @Test
    void bearerTokenIsTheKey() {
        assertThat(ApiKeyHeaders.presentedKey("Bearer plk_abc", null)).isEqualTo("plk_abc");
    }

    @Test
    void bearerSchemeIsCaseInsensitiveAndWhitespaceIsStripped() {
        assertThat(ApiKeyHeaders.presentedKey("  bEaReR   plk_abc \t", null)).isEqualTo("plk_abc");
    }

    @Test
    void apiKeyHeaderIsUsedWithoutAuthorization() {
        assertThat(ApiKeyHeaders.presentedKey(null, " plk_xyz ")).isEqualTo("plk_xyz");
    }

    @Test
    void bearerWinsOverTheApiKeyHeader() {
        assertThat(ApiKeyHeaders.presentedKey("Bearer plk_a", "plk_b")).isEqualTo("plk_a");
    }

    @Test
    void otherSchemesAreNotKeysButTheApiKeyHeaderStillCounts() {
        assertThat(ApiKeyHeaders.presentedKey("Basic cmVhZGVyOnBsa19h", null)).isNull();
        assertThat(ApiKeyHeaders.presentedKey("Basic cmVhZGVyOnBsa19h", "plk_b"))
                .isEqualTo("plk_b");
        // "Bearer" without a space and token is another scheme name, not an empty bearer token.
        assertThat(ApiKeyHeaders.presentedKey("Bearerplk_a", null)).isNull();
    }

    @Test
    void noHeadersNoKey() {
        assertThat(ApiKeyHeaders.presentedKey(null, null)).isNull();
    }

    @Test
    void aBearerSchemeWithoutTokenPresentsNoKey() {
        assertThat(ApiKeyHeaders.presentedKey("Bearer    ", null)).isNull();
    }

    @Test
    void aHeaderLookupReadsBothHeaders() {
        java.util.Map<String, String> headers =
                java.util.Map.of("Authorization", "Basic x", "X-API-Key", "plk_b");

        assertThat(ApiKeyHeaders.presentedKey(headers::get)).isEqualTo("plk_b");
        assertThat(ApiKeyHeaders.presentedKey(name -> null)).isNull();
    }

    @Test
    void howToSendNamesTheScopeAndBothHeaders() {
        assertThat(ApiKeyHeaders.howToSend(Scope.INGEST))
                .isEqualTo(
                        "Send a key with scope 'ingest' as 'Authorization: Bearer <key>' or"
                                + " 'X-API-Key: <key>'.");
    }
}
