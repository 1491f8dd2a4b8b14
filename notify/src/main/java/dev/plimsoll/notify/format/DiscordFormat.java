package dev.plimsoll.notify.format;

import dev.plimsoll.core.alert.event.AlertEvent;
import dev.plimsoll.core.alert.event.AlertState;
import dev.plimsoll.notify.contact.ChannelType;
import dev.plimsoll.notify.contact.ContactPoint;
import dev.plimsoll.notify.model.Notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A Discord "Execute Webhook" message with embeds, one per alert. Limits from Discord's developer
 * documentation ("Execute Webhook", "Embed Limits"): {@code content} 2,000 characters; at most 10
 * embeds; title 256, description 4,096, at most 25 fields with name 256 and value 1,024, footer
 * 2,048; and at most 6,000 characters across title, description, field names and values and footers
 * of all embeds together. {@code allowed_mentions} is empty so that alert text can never ping
 * {@code @everyone}. Discord answers 204 No Content; when rate limited 429 with {@code Retry-After}
 * and a JSON {@code retry_after} in seconds ("Rate Limits"), which is used when the header is
 * missing.
 */
public final class DiscordFormat implements Integration {

    static final int CONTENT = 2000;
    static final int MAX_EMBEDS = 10;
    static final int TITLE = 256;
    static final int DESCRIPTION = 4096;
    static final int MAX_FIELDS = 25;
    static final int FIELD_NAME = 256;
    static final int FIELD_VALUE = 1024;
    static final int FOOTER = 2048;
    static final int TOTAL = 6000;
    static final int USERNAME = 80;

    /**
     * What one embed uses at most of the description and each field value, so that the first embed
     * always fits the 6,000 total: 256 + 2,000 + 25 × (256 + 150) + 2,048 would not, but our at
     * most 10 facts with short names do (256 + 2,000 + 10 × (15 + 300) + 60 < 6,000).
     */
    static final int DESCRIPTION_USED = 2000;

    static final int FIELD_VALUE_USED = 300;

    private static final int RED = 0xE01E5A;
    private static final int GREEN = 0x2EB67D;

    @Override
    public ChannelType type() {
        return ChannelType.DISCORD;
    }

    @Override
    public OutgoingRequest render(Notification n, ContactPoint cp, RenderContext ctx) {
        ObjectNode root = Json.object();
        root.put("username", Text.truncate("Plimsoll", USERNAME));
        List<AlertEvent> alerts = n.alerts();
        ArrayNode embeds = root.putArray("embeds");
        int total = 0;
        int shown = 0;
        for (AlertEvent e : alerts) {
            if (embeds.size() == MAX_EMBEDS) {
                break;
            }
            ObjectNode embed = embed(e, ctx);
            int chars = characters(embed);
            if (total + chars > TOTAL) {
                break;
            }
            total += chars;
            embeds.add(embed);
            shown++;
        }
        String more = shown < alerts.size() ? "\n" + AlertText.more(alerts.size() - shown) : "";
        String title = Text.truncate(AlertText.title(n), CONTENT - 4 - more.length());
        root.put("content", "**" + title + "**" + more);
        root.putObject("allowed_mentions").putArray("parse");
        return new OutgoingRequest(URI.create(cp.url()), Map.of(), Json.bytes(root));
    }

    private static ObjectNode embed(AlertEvent e, RenderContext ctx) {
        ObjectNode embed = Json.object();
        embed.put("title", Text.truncate(AlertText.headline(e), TITLE));
        embed.put(
                "description",
                Text.truncate(AlertText.summary(e), Math.min(DESCRIPTION, DESCRIPTION_USED)));
        String url = ctx.links().alert(e);
        if (url != null) {
            embed.put("url", url);
        }
        embed.put("color", e.state() == AlertState.RESOLVED ? GREEN : RED);
        ArrayNode fields = embed.putArray("fields");
        for (Map.Entry<String, String> f : AlertText.facts(e)) {
            if (fields.size() == MAX_FIELDS) {
                break;
            }
            fields.addObject()
                    .put("name", Text.truncate(f.getKey(), FIELD_NAME))
                    .put(
                            "value",
                            Text.truncate(f.getValue(), Math.min(FIELD_VALUE, FIELD_VALUE_USED)))
                    .put("inline", f.getValue().length() <= 40);
        }
        embed.putObject("footer")
                .put("text", Text.truncate("fingerprint " + e.fingerprint(), FOOTER));
        embed.put("timestamp", e.at().toString());
        return embed;
    }

    /** The characters Discord counts toward the 6,000 across embeds. */
    static int characters(JsonNode embed) {
        int n =
                embed.path("title").asText("").length()
                        + embed.path("description").asText("").length();
        for (JsonNode f : embed.path("fields")) {
            n += f.path("name").asText("").length() + f.path("value").asText("").length();
        }
        n += embed.path("footer").path("text").asText("").length();
        n += embed.path("author").path("name").asText("").length();
        return n;
    }

    @Override
    public Duration retryAfter(Response r, RenderContext ctx) {
        Duration header = Integration.super.retryAfter(r, ctx);
        if (header != null || r.status() != 429) {
            return header;
        }
        try {
            JsonNode body = Json.MAPPER.readTree(r.body());
            double seconds = body.path("retry_after").asDouble(-1);
            return seconds < 0 ? null : Duration.ofMillis((long) Math.ceil(seconds * 1000));
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }
}
