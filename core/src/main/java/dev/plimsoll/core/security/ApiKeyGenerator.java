package dev.plimsoll.core.security;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Creates new API keys: 256 random bits from {@link SecureRandom}, URL-safe base64, prefixed with
 * {@code plk_} so that leaked keys are easy to recognise in logs and secret scanners.
 *
 * <p>As a program it prints a new key and the configuration entry that holds its digest:
 *
 * <pre>
 * java -cp plimsoll-core.jar dev.plimsoll.core.security.ApiKeyGenerator grafana read acme
 * </pre>
 *
 * Thread-safe.
 */
public final class ApiKeyGenerator {

    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeyGenerator() {}

    /** A new random key. */
    public static String newKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "plk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * The configuration entry ({@link ApiKeyRing} format) for {@code key}.
     *
     * @param tenant the tenant to bind, or {@code null}
     */
    public static String configEntry(String name, String key, String scopes, String tenant) {
        String entry = name + " sha256=" + KeyDigest.of(key).hex() + " scopes=" + scopes;
        return tenant == null ? entry : entry + " tenant=" + tenant;
    }

    /** {@code ApiKeyGenerator <name> <scopes> [tenant]}. */
    public static void main(String[] args) {
        if (args.length < 2 || args.length > 3) {
            System.err.println(
                    "usage: ApiKeyGenerator <name> <scopes, e.g. read or ingest,read> [tenant]");
            System.exit(2);
        }
        String key = newKey();
        String entry = configEntry(args[0], key, args[1], args.length == 3 ? args[2] : null);
        // Validate what we print: the entry must parse as configuration.
        ApiKeyRing.parse(entry, "generated entry");
        System.out.println("key (give to the client, store nowhere else): " + key);
        System.out.println("configuration entry: " + entry);
    }
}
