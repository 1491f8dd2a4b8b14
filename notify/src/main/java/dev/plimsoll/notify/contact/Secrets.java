package dev.plimsoll.notify.contact;

import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * How credentials are shown and made: webhook URLs are masked to scheme and host (their path and
 * query carry the token); signing secrets are {@code whsec_} + base64 of 24–64 random bytes, as
 * Standard Webhooks specifies.
 */
public final class Secrets {

    /** The prefix of Standard Webhooks secrets. */
    public static final String SECRET_PREFIX = "whsec_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {}

    /**
     * {@code https://hooks.slack.com/…}: scheme, host and port only; the path and query (the token)
     * are never shown.
     */
    public static String maskUrl(String url) {
        try {
            URI u = URI.create(url);
            if (u.getScheme() == null || u.getHost() == null) {
                return "********";
            }
            return u.getScheme()
                    + "://"
                    + u.getHost()
                    + (u.getPort() >= 0 ? ":" + u.getPort() : "")
                    + "/…";
        } catch (IllegalArgumentException e) {
            return "********";
        }
    }

    /** A new secret: {@code whsec_} + base64 of 32 random bytes. */
    public static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /**
     * The key bytes of a {@code whsec_…} secret.
     *
     * @throws IllegalArgumentException when the secret lacks the prefix, is not base64, or its key
     *     is not 24–64 bytes; the message never contains the secret
     */
    public static byte[] key(String secret) {
        if (secret == null || !secret.startsWith(SECRET_PREFIX)) {
            throw new IllegalArgumentException(
                    "must be '" + SECRET_PREFIX + "' followed by the base64 of the key");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "must be '" + SECRET_PREFIX + "' followed by the base64 of the key");
        }
        if (key.length < 24 || key.length > 64) {
            throw new IllegalArgumentException(
                    "the key must be 24 to 64 bytes (Standard Webhooks), found " + key.length);
        }
        return key;
    }
}
