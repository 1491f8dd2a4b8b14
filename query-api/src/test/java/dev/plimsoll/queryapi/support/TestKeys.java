package dev.plimsoll.queryapi.support;

import dev.plimsoll.core.security.ApiKeyGenerator;

/** API keys used by the HTTP tests, and their configuration entries (digests only). */
public final class TestKeys {

    /** Scope read, every tenant. */
    public static final String READER = "plk_test-reader-0123456789abcdefghijklmnopqr";

    /** Scope admin, every tenant. */
    public static final String ADMIN = "plk_test-admin-0123456789abcdefghijklmnopqrs";

    /** Scope ingest only. */
    public static final String INGESTER = "plk_test-ingester-0123456789abcdefghijklmno";

    /** Scope read, bound to tenant acme. */
    public static final String ACME = "plk_test-acme-0123456789abcdefghijklmnopqrst";

    /** Scope read, bound to tenant globex. */
    public static final String GLOBEX = "plk_test-globex-0123456789abcdefghijklmnopqr";

    private TestKeys() {}

    /** The value of {@code plimsoll.security.keys} for all test keys. */
    public static String config() {
        return entry("reader", READER, "read", null)
                + ";"
                + entry("admin", ADMIN, "admin", null)
                + ";"
                + entry("ingester", INGESTER, "ingest", null)
                + ";"
                + entry("acme-grafana", ACME, "read", "acme")
                + ";"
                + entry("globex-grafana", GLOBEX, "read", "globex");
    }

    public static String entry(String name, String key, String scopes, String tenant) {
        return ApiKeyGenerator.configEntry(name, key, scopes, tenant);
    }
}
