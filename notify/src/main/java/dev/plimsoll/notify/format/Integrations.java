package dev.plimsoll.notify.format;

import dev.plimsoll.notify.contact.ChannelType;

import java.util.EnumMap;
import java.util.Map;

/** The integration of each channel type. */
public final class Integrations {

    private static final Map<ChannelType, Integration> ALL = new EnumMap<>(ChannelType.class);

    static {
        for (Integration i :
                new Integration[] {
                    new SlackFormat(),
                    new TeamsFormat(),
                    new DiscordFormat(),
                    new GoogleChatFormat(),
                    new WebhookFormat()
                }) {
            ALL.put(i.type(), i);
        }
    }

    private Integrations() {}

    public static Integration of(ChannelType type) {
        return ALL.get(type);
    }
}
