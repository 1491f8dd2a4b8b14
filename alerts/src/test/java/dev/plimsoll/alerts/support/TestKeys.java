package dev.plimsoll.alerts.support;

import dev.plimsoll.core.security.ApiKeyGenerator;

/** API keys of the HTTP tests and their configuration entries (digests only). */
public final class TestKeys {

    /** Scope read, every tenant. */
    public static final String READER = "plk_test-reader-0123456789abcdefghijklmnopqr";

    /** Scope admin, every tenant. */
    public static final String ADMIN = "plk_test-admin-0123456789abcdefghijklmnopqrs";

    /** Scope admin, bound to tenant acme. */
    public static final String ACME_ADMIN = "plk_test-acme-admin-0123456789abcdefghijklmn";

    private TestKeys() {}

    /** The value of {@code plimsoll.security.keys}. */
    public static String config() {
        return ApiKeyGenerator.configEntry("reader", READER, "read", null)
                + ";"
                + ApiKeyGenerator.configEntry("admin", ADMIN, "admin", null)
                + ";"
                + ApiKeyGenerator.configEntry("acme-admin", ACME_ADMIN, "admin", "acme");
    }
}
