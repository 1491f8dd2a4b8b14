package dev.plimsoll.notify.model;

import java.util.Locale;

/** Whether a notification announces firing alerts or only resolutions. */
public enum NotificationStatus {
    FIRING,
    RESOLVED;

    /** {@code firing} or {@code resolved}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static NotificationStatus ofWireName(String name) {
        for (NotificationStatus s : values()) {
            if (s.wireName().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException(
                "unknown notification status '" + name + "'; expected firing or resolved");
    }
}
