package dev.plimsoll.core.security;

import java.util.function.Function;

/**
 * How an HTTP request presents its API key, for every adapter alike: {@code Authorization: Bearer
 * <key>} (scheme case-insensitive) or {@code X-API-Key: <key>}. Basic and other schemes are not API
 * keys.
 *
 * <p>Pure functions of header values; stateless and thread-safe.
 */
public final class ApiKeyHeaders {

    /** The standard header that carries {@code Bearer <key>}. */
    public static final String AUTHORIZATION = "Authorization";

    /** The header alternative to {@code Authorization: Bearer}. */
    public static final String API_KEY = "X-API-Key";

    /** The {@code WWW-Authenticate} challenge sent with 401 answers. */
    public static final String CHALLENGE = "Bearer realm=\"plimsoll\"";

    private static final String BEARER = "Bearer ";

    private ApiKeyHeaders() {}

    /**
     * The key a request presents.
     *
     * @param authorization the {@code Authorization} header, or {@code null}
     * @param apiKey the {@code X-API-Key} header, or {@code null}
     * @return the bearer token of {@code authorization} when it uses the Bearer scheme, else the
     *     {@code X-API-Key} value, both stripped of surrounding whitespace; {@code null} when the
     *     request presents neither
     */
    public static String presentedKey(String authorization, String apiKey) {
        if (authorization != null) {
            String value = authorization.strip();
            if (value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                return value.substring(BEARER.length()).strip();
            }
        }
        return apiKey == null ? null : apiKey.strip();
    }

    /**
     * The key a request presents, reading both headers through {@code header}.
     *
     * @param header the request's header lookup by name (case-insensitive in HTTP frameworks),
     *     returning {@code null} for an absent header
     * @see #presentedKey(String, String)
     */
    public static String presentedKey(Function<String, String> header) {
        return presentedKey(header.apply(AUTHORIZATION), header.apply(API_KEY));
    }

    /**
     * The sentence that tells an unauthenticated caller how to send a key, e.g. {@code Send a key
     * with scope 'read' as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'.}
     */
    public static String howToSend(Scope required) {
        return "Send a key with scope '"
                + required.configName()
                + "' as 'Authorization: Bearer <key>' or '"
                + API_KEY
                + ": <key>'.";
    }
}
