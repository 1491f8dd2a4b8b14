package dev.plimsoll.core.security;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One configured API key: its name, the SHA-256 digest of the secret, its scopes and optional
 * tenant binding. The secret itself is never held.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name a unique label for logs and errors, letters, digits, {@code . _ -}, at most 64
 * @param digest the SHA-256 digest of the key
 * @param scopes what the key may do; not empty
 * @param tenant the tenant the key is bound to, or empty for a key that may read every tenant
 */
public record ApiKey(String name, KeyDigest digest, Set<Scope> scopes, Optional<String> tenant) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern TENANT = Pattern.compile("[^\\s;]{1,256}");

    public ApiKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(tenant, "tenant");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "Key name '"
                            + name
                            + "' is not valid: use 1 to 64 letters, digits, '.', '_' or '-',"
                            + " starting with a letter or digit.");
        }
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("Key '" + name + "' needs at least one scope.");
        }
        scopes = Set.copyOf(scopes);
        if (tenant.isPresent() && !TENANT.matcher(tenant.get()).matches()) {
            throw new IllegalArgumentException(
                    "Key '"
                            + name
                            + "' has an invalid tenant: use 1 to 256 characters without"
                            + " whitespace or ';'.");
        }
    }

    /** The caller this key authenticates. */
    public Caller caller() {
        return new Caller(name, scopes, tenant);
    }
}
