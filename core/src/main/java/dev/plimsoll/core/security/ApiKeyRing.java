package dev.plimsoll.core.security;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An immutable set of configured API keys, and the check of a presented key against them.
 *
 * <p><b>Configuration format</b> ({@link #parse(String, String)}): one key per entry, entries
 * separated by line breaks or {@code ;}, {@code #} starts a comment. An entry is the key's name
 * followed by whitespace-separated attributes:
 *
 * <pre>
 * # name   digest of the key (sha256sum)                                          scopes  tenant
 * grafana  sha256=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 scopes=read tenant=acme
 * ops      sha256=60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752 scopes=admin
 * </pre>
 *
 * {@code sha256} and {@code scopes} ({@code ingest}, {@code read}, {@code admin}, comma-separated)
 * are required; {@code tenant} is optional. Names and digests must be unique.
 *
 * <p><b>Checking</b>: {@link #authenticate(String)} hashes the presented key once and compares the
 * digest with <em>every</em> configured digest in constant time, so response time reveals neither
 * which key nor how much of a digest matched. Cost: one SHA-256 of the key plus one 32-byte
 * comparison per configured key (microseconds). Thread-safe.
 */
public final class ApiKeyRing {

    /** Longer presented keys are rejected without hashing. */
    public static final int MAX_KEY_LENGTH = 512;

    private static final ApiKeyRing EMPTY = new ApiKeyRing(List.of());

    private final List<ApiKey> keys;

    private ApiKeyRing(List<ApiKey> keys) {
        this.keys = keys;
    }

    /** A ring without keys: every request is unauthenticated. */
    public static ApiKeyRing empty() {
        return EMPTY;
    }

    /**
     * A ring of {@code keys}.
     *
     * @throws IllegalArgumentException when two keys share a name or a digest
     */
    public static ApiKeyRing of(List<ApiKey> keys) {
        Set<String> names = new HashSet<>();
        Set<KeyDigest> digests = new HashSet<>();
        for (ApiKey key : keys) {
            if (!names.add(key.name())) {
                throw new IllegalArgumentException(
                        "Two API keys are named '" + key.name() + "'; names must be unique.");
            }
            if (!digests.add(key.digest())) {
                throw new IllegalArgumentException(
                        "API key '"
                                + key.name()
                                + "' has the same digest as another key; each key must be"
                                + " configured once.");
            }
        }
        return new ApiKeyRing(List.copyOf(keys));
    }

    /**
     * Parses keys in the configuration format described on this class.
     *
     * @param text the entries; blank text gives an empty ring
     * @param source where the text came from (a property name or a file), for error messages
     * @throws IllegalArgumentException naming the source and entry when an entry is invalid
     */
    public static ApiKeyRing parse(String text, String source) {
        List<ApiKey> keys = new ArrayList<>();
        int entryNumber = 0;
        for (String rawEntry : text.split("[;\\r\\n]")) {
            int comment = rawEntry.indexOf('#');
            String entry = (comment >= 0 ? rawEntry.substring(0, comment) : rawEntry).strip();
            if (entry.isEmpty()) {
                continue;
            }
            entryNumber++;
            try {
                keys.add(parseEntry(entry));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        source + ", key entry " + entryNumber + ": " + e.getMessage(), e);
            }
        }
        try {
            return of(keys);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    /**
     * A ring with the keys of both rings.
     *
     * @throws IllegalArgumentException when a name or digest appears in both
     */
    public ApiKeyRing plus(ApiKeyRing other) {
        List<ApiKey> all = new ArrayList<>(keys);
        all.addAll(other.keys);
        return of(all);
    }

    /** The configured keys, in configuration order. */
    public List<ApiKey> keys() {
        return keys;
    }

    public int size() {
        return keys.size();
    }

    /**
     * The configured key whose digest matches {@code presented}, or empty when none does (or when
     * {@code presented} is null, empty or longer than {@link #MAX_KEY_LENGTH}).
     */
    public Optional<ApiKey> authenticate(String presented) {
        if (presented == null || presented.isEmpty() || presented.length() > MAX_KEY_LENGTH) {
            return Optional.empty();
        }
        KeyDigest digest = KeyDigest.of(presented);
        ApiKey match = null;
        for (ApiKey key : keys) {
            // No early exit: every digest is compared, whatever matched before.
            if (key.digest().matches(digest)) {
                match = key;
            }
        }
        return Optional.ofNullable(match);
    }

    /**
     * Whether {@code presented} is a configured key holding a scope that grants {@code required}.
     *
     * @param presented the key from the request, or {@code null} when it carried none
     */
    public AccessDecision authorize(String presented, Scope required) {
        if (presented == null || presented.isBlank()) {
            return new AccessDecision.Unauthenticated("No API key was presented.");
        }
        Optional<ApiKey> key = authenticate(presented);
        if (key.isEmpty()) {
            return new AccessDecision.Unauthenticated("The API key is not valid.");
        }
        Caller caller = key.get().caller();
        if (!caller.has(required)) {
            return new AccessDecision.Forbidden(
                    "API key '"
                            + caller.name()
                            + "' lacks scope '"
                            + required.configName()
                            + "' (it has: "
                            + caller.scopes().stream()
                                    .map(Scope::configName)
                                    .sorted()
                                    .collect(Collectors.joining(", "))
                            + ").");
        }
        return new AccessDecision.Granted(caller);
    }

    private static ApiKey parseEntry(String entry) {
        String[] tokens = entry.split("\\s+");
        String name = tokens[0];
        if (name.contains("=")) {
            throw new IllegalArgumentException(
                    "an entry starts with the key's name, then sha256=..., scopes=... and"
                            + " optionally tenant=...; found '"
                            + name
                            + "' first.");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 1; i < tokens.length; i++) {
            int eq = tokens[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(
                        "'"
                                + abbreviate(tokens[i])
                                + "' of key '"
                                + name
                                + "' is not an attribute; expected sha256=..., scopes=... or"
                                + " tenant=....");
            }
            String attribute = tokens[i].substring(0, eq);
            if (!Set.of("sha256", "scopes", "tenant").contains(attribute)) {
                throw new IllegalArgumentException(
                        "unknown attribute '"
                                + attribute
                                + "' of key '"
                                + name
                                + "'; expected sha256, scopes or tenant.");
            }
            if (attributes.put(attribute, tokens[i].substring(eq + 1)) != null) {
                throw new IllegalArgumentException(
                        "attribute '" + attribute + "' of key '" + name + "' is given twice.");
            }
        }
        String digest = attributes.get("sha256");
        if (digest == null) {
            throw new IllegalArgumentException("key '" + name + "' has no sha256=<digest>.");
        }
        String scopes = attributes.get("scopes");
        if (scopes == null || scopes.isEmpty()) {
            throw new IllegalArgumentException(
                    "key '" + name + "' has no scopes=...; use ingest, read and/or admin.");
        }
        Set<Scope> parsedScopes = EnumSet.noneOf(Scope.class);
        for (String scope : scopes.split(",")) {
            parsedScopes.add(Scope.parse(scope.strip()));
        }
        String tenant = attributes.get("tenant");
        if (tenant != null && tenant.isEmpty()) {
            throw new IllegalArgumentException(
                    "key '"
                            + name
                            + "' has an empty tenant=; leave the attribute out for a key that"
                            + " reads every tenant.");
        }
        try {
            return new ApiKey(
                    name, KeyDigest.parse(digest), parsedScopes, Optional.ofNullable(tenant));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("key '" + name + "': " + e.getMessage(), e);
        }
    }

    private static String abbreviate(String token) {
        // Never echo what might be a pasted secret in full.
        return token.length() <= 12 ? token : token.substring(0, 12) + "...";
    }
}
