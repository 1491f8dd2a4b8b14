package dev.plimsoll.core.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The SHA-256 digest of an API key's UTF-8 bytes: what configuration stores instead of the key.
 *
 * <p>SHA-256 rather than a password hash (bcrypt, scrypt, argon2): API keys are random tokens of at
 * least 128 bits, so an attacker holding the digests cannot search the key space, and a slow hash
 * would only add tens of milliseconds to every API request (see {@code docs/adr}).
 *
 * <p>Textual form: {@code sha256:<64 lowercase hex digits>}, as produced by {@code printf %s "$KEY"
 * | sha256sum}. Immutable and thread-safe; {@link #matches} runs in constant time.
 */
public final class KeyDigest {

    private static final String PREFIX = "sha256:";
    private static final int LENGTH = 32;

    private final byte[] bytes;

    private KeyDigest(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The digest of {@code key} (hashed as UTF-8). */
    public static KeyDigest of(String key) {
        try {
            return new KeyDigest(
                    MessageDigest.getInstance("SHA-256")
                            .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform is required to provide SHA-256.
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /**
     * Parses {@code sha256:<64 hex digits>}; the {@code sha256:} prefix is optional and hex digits
     * may be upper or lower case.
     *
     * @throws IllegalArgumentException when the text is not 64 hex digits after the optional prefix
     */
    public static KeyDigest parse(String text) {
        String hex = text.strip();
        if (hex.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            hex = hex.substring(PREFIX.length());
        }
        // The message never repeats the value: it might be a key pasted by mistake.
        if (hex.length() != 2 * LENGTH) {
            throw new IllegalArgumentException(
                    "A key digest must be 64 hex digits (the SHA-256 of the key, optionally"
                            + " prefixed by 'sha256:'), but it has "
                            + hex.length()
                            + " characters.");
        }
        if (!hex.chars().allMatch(KeyDigest::isHexDigit)) {
            throw new IllegalArgumentException(
                    "A key digest must be 64 hex digits (the SHA-256 of the key), but it contains"
                            + " other characters.");
        }
        return new KeyDigest(HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT)));
    }

    /** Constant-time comparison: the time taken does not depend on where the digests differ. */
    public boolean matches(KeyDigest other) {
        return MessageDigest.isEqual(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyDigest other && matches(other);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(bytes);
    }

    /** The 64 lowercase hex digits. */
    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    /** {@code sha256:<hex>}. */
    @Override
    public String toString() {
        return PREFIX + hex();
    }

    private static boolean isHexDigit(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
