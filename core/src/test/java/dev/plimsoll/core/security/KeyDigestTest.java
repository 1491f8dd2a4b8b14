package dev.plimsoll.core.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyDigestTest {

    // printf %s test | sha256sum
    private static final String TEST_SHA256 =
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @Test
    void digestOfAKeyIsTheSha256OfItsUtf8Bytes() {
        assertThat(KeyDigest.of("test").toString()).isEqualTo("sha256:" + TEST_SHA256);
    }

    @Test
    void parsesWithOrWithoutPrefixAndInAnyCase() {
        KeyDigest expected = KeyDigest.of("test");

        assertThat(KeyDigest.parse("sha256:" + TEST_SHA256).matches(expected)).isTrue();
        assertThat(KeyDigest.parse(TEST_SHA256.toUpperCase()).matches(expected)).isTrue();
        assertThat(KeyDigest.parse("  SHA256:" + TEST_SHA256 + " ").matches(expected)).isTrue();
    }

    @Test
    void digestsOfDifferentKeysDoNotMatch() {
        assertThat(KeyDigest.of("test").matches(KeyDigest.of("test2"))).isFalse();
    }

    @Test
    void rejectsAWrongLengthWithoutRepeatingTheValue() {
        String pastedKey = "plk_this-is-a-secret-key-pasted-by-mistake";

        assertThatThrownBy(() -> KeyDigest.parse(pastedKey))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("64 hex digits")
                .hasMessageContaining("42 characters")
                .hasMessageNotContaining("secret");
    }

    @Test
    void rejectsNonHexCharacters() {
        assertThatThrownBy(() -> KeyDigest.parse("z".repeat(64)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("other characters");
    }
}
