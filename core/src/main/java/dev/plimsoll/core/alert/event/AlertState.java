package dev.plimsoll.core.alert.event;

import java.util.Locale;

/**
 * The states an alert moves through, as Prometheus names them: a condition starts to hold ({@link
 * #PENDING}), has held for the rule's {@code for} ({@link #FIRING}), and stops holding ({@link
 * #RESOLVED}). A pending alert whose condition stops before {@code for} resolves without ever
 * firing.
 */
public enum AlertState {
    PENDING,
    FIRING,
    RESOLVED;

    /** The wire name: lower case, e.g. {@code firing}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The state of a wire name.
     *
     * @throws IllegalArgumentException naming the value and the valid ones
     */
    public static AlertState ofWireName(String name) {
        for (AlertState s : values()) {
            if (s.wireName().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException(
                "unknown alert state '" + name + "'; expected pending, firing or resolved");
    }
}
