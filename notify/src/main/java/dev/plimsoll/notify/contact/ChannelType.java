package dev.plimsoll.notify.contact;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The services a contact point can deliver to, by their configuration name. */
public enum ChannelType {
    SLACK("slack"),
    TEAMS("teams"),
    DISCORD("discord"),
    GOOGLE_CHAT("googlechat"),
    WEBHOOK("webhook");

    private final String id;

    ChannelType(String id) {
        this.id = id;
    }

    /** The name used in configuration and the API, e.g. {@code googlechat}. */
    public String id() {
        return id;
    }

    /** Whether messages are read by people in a chat (grouped) rather than by a program. */
    public boolean chat() {
        return this != WEBHOOK;
    }

    /**
     * The type named {@code id}.
     *
     * @throws IllegalArgumentException naming the value and the valid ones
     */
    public static ChannelType of(String id) {
        for (ChannelType t : values()) {
            if (t.id.equals(id)) {
                return t;
            }
        }
        throw new IllegalArgumentException(
                "unknown type '" + id + "'; expected one of " + validIds());
    }

    public static String validIds() {
        return Arrays.stream(values()).map(ChannelType::id).collect(Collectors.joining(", "));
    }
}
