package dev.plimsoll.ingest;

import dev.plimsoll.core.security.ApiKeyGenerator;

/** API keys used by the ingest tests, and their configuration (digests only). */
public final class TestKeys {

    /** Scope ingest, every tenant. */
    public static final String INGESTER = "plk_test-ingester-0123456789abcdefghijklmno";

    /** Scope read only: may not send telemetry. */
    public static final String READER = "plk_test-reader-0123456789abcdefghijklmnopqr";

    /** Scope admin, every tenant. */
    public static final String ADMIN = "plk_test-admin-0123456789abcdefghijklmnopqrs";

    /** Scope ingest, bound to tenant acme. */
    public static final String ACME = "plk_test-acme-ingest-0123456789abcdefghijklm";

    private TestKeys() {}

    /** The value of {@code plimsoll.security.keys} for all test keys. */
    public static String config() {
        return String.join(
                ";",
                ApiKeyGenerator.configEntry("ingester", INGESTER, "ingest", null),
                ApiKeyGenerator.configEntry("reader", READER, "read", null),
                ApiKeyGenerator.configEntry("admin", ADMIN, "admin", null),
                ApiKeyGenerator.configEntry("acme-ingest", ACME, "ingest", "acme"));
    }
}
