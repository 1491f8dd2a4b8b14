package dev.plimsoll.core.security;

import java.util.Objects;

/**
 * Something about the API keys in force that an operator must see in the log (core does not log;
 * adapters log these at the given level).
 *
 * <p>Immutable and thread-safe.
 *
 * @param level how loudly to log it
 * @param message the full text; never contains a key
 */
public record SecurityNotice(Level level, String message) {

    public SecurityNotice {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(message, "message");
    }

    /** Log levels, named as in SLF4J. */
    public enum Level {
        INFO,
        WARN,
        ERROR
    }
}
