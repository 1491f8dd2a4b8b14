package dev.plimsoll.core.security;

import java.util.Locale;

/**
 * What an API key may do. {@link #ADMIN} grants every other scope.
 *
 * <p>Immutable and thread-safe.
 */
public enum Scope {
    /** Send telemetry to the ingest routes. */
    INGEST,
    /** Read metrics from the query API. */
    READ,
    /** Everything, including what {@link #INGEST} and {@link #READ} allow. */
    ADMIN;

    /**
     * The name used in configuration and error messages: {@code ingest}, {@code read}, {@code
     * admin}.
     */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether holding this scope allows an action that requires {@code required}. */
    public boolean grants(Scope required) {
        return this == ADMIN || this == required;
    }

    /**
     * The scope named {@code name} (case-insensitive).
     *
     * @throws IllegalArgumentException when {@code name} is not {@code ingest}, {@code read} or
     *     {@code admin}
     */
    public static Scope parse(String name) {
        for (Scope scope : values()) {
            if (scope.configName().equalsIgnoreCase(name)) {
                return scope;
            }
        }
        throw new IllegalArgumentException(
                "Unknown scope '" + name + "'; expected ingest, read or admin.");
    }
}
