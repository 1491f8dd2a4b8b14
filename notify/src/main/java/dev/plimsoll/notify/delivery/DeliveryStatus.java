package dev.plimsoll.notify.delivery;

import java.util.Locale;

/** Where a delivery stands. */
public enum DeliveryStatus {
    /** Accepted from the outbox, not tried yet. */
    PENDING,
    /** Tried and failed in a way worth retrying; the next attempt is scheduled. */
    RETRYING,
    /** The receiver accepted it. Final. */
    DELIVERED,
    /** Given up: refused for good, or the maximum number of attempts was reached. Final. */
    DEAD;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinal() {
        return this == DELIVERED || this == DEAD;
    }

    /**
     * @throws IllegalArgumentException naming the value and the valid ones
     */
    public static DeliveryStatus ofWireName(String name) {
        for (DeliveryStatus s : values()) {
            if (s.wireName().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException(
                "unknown delivery status '"
                        + name
                        + "'; expected pending, retrying, delivered or dead");
    }
}
