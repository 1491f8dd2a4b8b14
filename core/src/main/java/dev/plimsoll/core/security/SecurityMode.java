package dev.plimsoll.core.security;

import java.util.Locale;

/**
 * Whether HTTP adapters require API keys ({@code plimsoll.security.mode}).
 *
 * <p>Immutable and thread-safe.
 */
public enum SecurityMode {
    /** Every protected request needs a configured key with the route's scope (the default). */
    KEYS,
    /**
     * Development only: every request is let through as {@link Caller#openMode()}, with all scopes
     * and no tenant binding; adapters announce it loudly at startup.
     */
    OPEN;

    /** The configuration value, {@code keys} or {@code open}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The mode named {@code value} ({@code keys} or {@code open}, case-insensitive).
     *
     * @throws IllegalArgumentException naming the property when {@code value} is anything else
     */
    public static SecurityMode parse(String value) {
        for (SecurityMode mode : values()) {
            if (mode.configName().equalsIgnoreCase(value == null ? "" : value.strip())) {
                return mode;
            }
        }
        throw new IllegalArgumentException(
                "plimsoll.security.mode must be keys or open, was '" + value + "'.");
    }
}
