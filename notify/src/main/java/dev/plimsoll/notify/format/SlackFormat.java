package dev.plimsoll.notify.format;

import dev.plimsoll.core.alert.event.AlertEvent;
import dev.plimsoll.notify.contact.ChannelType;
import dev.plimsoll.notify.contact.ContactPoint;
import dev.plimsoll.notify.model.Notification;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * A Slack incoming webhook message with Block Kit: a header, then per alert a section (summary and
 * up to 10 fields), a context line and link buttons, then "and N more" when alerts had to be left
 * out. Limits from Slack's Block Kit reference (docs.slack.dev, "Blocks"): at most 50 blocks per
 * message; header text 150 characters; section text 3,000; at most 10 section fields of 2,000 each;
 * context elements 10, each text 3,000; button text 75 and URL 3,000. The top-level {@code text}
 * (the notification fallback) is kept under 3,000 although Slack accepts 40,000 (it truncates
 * beyond; changelog 2018-04 "truncating really long messages"). Slack answers 200 {@code ok}, 4xx
 * for a bad payload or a dead channel, 429 with {@code Retry-After} when rate limited.
 */
public final class SlackFormat implements Integration {

    static final int MAX_BLOCKS = 50;
    static final int HEADER_TEXT = 150;
    static final int SECTION_TEXT = 3000;
    static final int MAX_FIELDS = 10;
    static final int FIELD_TEXT = 2000;
    static final int CONTEXT_TEXT = 3000;
    static final int BUTTON_TEXT = 75;
    static final int URL_LENGTH = 3000;
    static final int FALLBACK_TEXT = 3000;

    /** Blocks per alert: section, context, actions, divider. */
    private static final int BLOCKS_PER_ALERT = 4;

    @Override
    public ChannelType type() {
        return ChannelType.SLACK;
    }

    @Override
    public OutgoingRequest render(Notification n, ContactPoint cp, RenderContext ctx) {
        ObjectNode root = Json.object();
        root.put("text", Text.truncate(Text.escapeMarkup(AlertText.title(n)), FALLBACK_TEXT));
        ArrayNode blocks = root.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text")
                .put("type", "plain_text")
                .put("text", Text.truncate(AlertText.title(n), HEADER_TEXT))
                .put("emoji", true);
        List<AlertEvent> alerts = n.alerts();
        int room = (MAX_BLOCKS - 2) / BLOCKS_PER_ALERT; // header + "and N more"
        int shown = Math.min(alerts.size(), room);
        for (int i = 0; i < shown; i++) {
            addAlert(blocks, alerts.get(i), ctx);
        }
        if (shown < alerts.size()) {
            ObjectNode more = blocks.addObject().put("type", "context");
            more.putArray("elements")
                    .addObject()
                    .put("type", "mrkdwn")
                    .put("text", AlertText.more(alerts.size() - shown));
        }
        return new OutgoingRequest(URI.create(cp.url()), Map.of(), Json.bytes(root));
    }

    private static void addAlert(ArrayNode blocks, AlertEvent e, RenderContext ctx) {
        ObjectNode section = blocks.addObject().put("type", "section");
        section.putObject("text")
                .put("type", "mrkdwn")
                .put(
                        "text",
                        Text.truncate(
                                "*"
                                        + Text.escapeMarkup(AlertText.headline(e))
                                        + "*\n"
                                        + Text.escapeMarkup(AlertText.summary(e)),
                                SECTION_TEXT));
        ArrayNode fields = section.putArray("fields");
        List<Map.Entry<String, String>> facts = AlertText.facts(e);
        int fieldCount = 0;
        StringBuilder context = new StringBuilder();
        for (Map.Entry<String, String> f : facts) {
            boolean longFact =
                    f.getKey().equals("Suspect deploys")
                            || f.getKey().equals("Started")
                            || f.getKey().equals("Ended");
            if (!longFact && fieldCount < MAX_FIELDS) {
                fields.addObject()
                        .put("type", "mrkdwn")
                        .put(
                                "text",
                                Text.truncate(
                                        "*" + f.getKey() + "*\n" + Text.escapeMarkup(f.getValue()),
                                        FIELD_TEXT));
                fieldCount++;
            } else {
                if (context.length() > 0) {
                    context.append(" · ");
                }
                context.append(f.getKey()).append(": ").append(Text.escapeMarkup(f.getValue()));
            }
        }
        if (fieldCount == 0) {
            section.remove("fields");
        }
        ObjectNode ctxBlock = blocks.addObject().put("type", "context");
        ctxBlock.putArray("elements")
                .addObject()
                .put("type", "mrkdwn")
                .put(
                        "text",
                        Text.truncate(
                                context.length() == 0
                                        ? "fingerprint " + e.fingerprint()
                                        : context.toString(),
                                CONTEXT_TEXT));
        String alertUrl = ctx.links().alert(e);
        String dashboard = ctx.links().dashboard(e, ctx.now());
        if ((alertUrl != null && alertUrl.length() <= URL_LENGTH)
                || (dashboard != null && dashboard.length() <= URL_LENGTH)) {
            ArrayNode elements = blocks.addObject().put("type", "actions").putArray("elements");
            button(elements, "View alert", alertUrl);
            button(elements, "Dashboard", dashboard);
        }
        blocks.addObject().put("type", "divider");
    }

    private static void button(ArrayNode elements, String text, String url) {
        if (url == null || url.length() > URL_LENGTH) {
            return;
        }
        ObjectNode b = elements.addObject().put("type", "button");
        b.putObject("text").put("type", "plain_text").put("text", Text.truncate(text, BUTTON_TEXT));
        b.put("url", url);
    }
}
