package dev.plimsoll.notify.format;

import dev.plimsoll.core.alert.event.AlertEvent;
import dev.plimsoll.notify.contact.ChannelType;
import dev.plimsoll.notify.contact.ContactPoint;
import dev.plimsoll.notify.model.Notification;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A Google Chat incoming webhook message with {@code cardsV2}: a fallback {@code text} and one card
 * whose header names the group and whose sections (one per alert) hold {@code decoratedText} facts
 * and an "open link" button. A webhook request is a {@code spaces.messages.create} call (Google
 * Chat API reference), so:
 *
 * <ul>
 *   <li>the whole message must stay under 32,000 bytes: alerts are left out, with "and N more",
 *       until the body fits in {@value #MAX_BYTES} bytes;
 *   <li>{@code requestId} makes the request idempotent — "specifying an existing request ID returns
 *       the message created with that ID instead of creating a new message" — so a resend after a
 *       crash never posts twice: it carries the notification's id;
 *   <li>{@code thread.threadKey} with {@code
 *       messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD} keeps a group's firing and
 *       resolved messages in one thread.
 * </ul>
 */
public final class GoogleChatFormat implements Integration {

    static final int MAX_BYTES = 30_000;
    static final int TEXT = 4096;
    static final int WIDGET_TEXT = 1000;

    @Override
    public ChannelType type() {
        return ChannelType.GOOGLE_CHAT;
    }

    @Override
    public OutgoingRequest render(Notification n, ContactPoint cp, RenderContext ctx) {
        List<AlertEvent> alerts = n.alerts();
        byte[] body =
                Json.fitting(alerts.size(), shown -> message(n, alerts, shown, ctx), MAX_BYTES);
        return new OutgoingRequest(url(cp.url(), n), Map.of(), body);
    }

    static URI url(String webhook, Notification n) {
        String sep = webhook.contains("?") ? "&" : "?";
        return URI.create(
                webhook
                        + sep
                        + "messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD&requestId="
                        + URLEncoder.encode(n.id(), StandardCharsets.UTF_8));
    }

    private static ObjectNode message(
            Notification n, List<AlertEvent> alerts, int shown, RenderContext ctx) {
        ObjectNode root = Json.object();
        root.put("text", Text.truncate(plain(AlertText.title(n)), TEXT));
        root.putObject("thread").put("threadKey", threadKey(n));
        ObjectNode card = root.putArray("cardsV2").addObject();
        card.put("cardId", "plimsoll-alerts");
        ObjectNode c = card.putObject("card");
        c.putObject("header")
                .put("title", Text.truncate(AlertText.title(n), 200))
                .put(
                        "subtitle",
                        n.firing().size() + " firing, " + n.resolved().size() + " resolved");
        ArrayNode sections = c.putArray("sections");
        for (int i = 0; i < shown; i++) {
            AlertEvent e = alerts.get(i);
            ObjectNode section = sections.addObject();
            section.put("header", Text.truncate(AlertText.headline(e), 200));
            ArrayNode widgets = section.putArray("widgets");
            widgets.addObject()
                    .putObject("textParagraph")
                    .put(
                            "text",
                            Text.truncate(Text.escapeMarkup(AlertText.summary(e)), WIDGET_TEXT));
            for (Map.Entry<String, String> f : AlertText.facts(e)) {
                widgets.addObject()
                        .putObject("decoratedText")
                        .put("topLabel", f.getKey())
                        .put("text", Text.truncate(Text.escapeMarkup(f.getValue()), WIDGET_TEXT));
            }
            ArrayNode buttons = Json.array();
            link(buttons, "View alert", ctx.links().alert(e));
            link(buttons, "Dashboard", ctx.links().dashboard(e, ctx.now()));
            if (!buttons.isEmpty()) {
                widgets.addObject().putObject("buttonList").set("buttons", buttons);
            }
        }
        if (shown < alerts.size()) {
            sections.addObject()
                    .putArray("widgets")
                    .addObject()
                    .putObject("textParagraph")
                    .put("text", AlertText.more(alerts.size() - shown));
        }
        return root;
    }

    private static void link(ArrayNode buttons, String text, String url) {
        if (url != null) {
            ObjectNode b = buttons.addObject().put("text", text);
            b.putObject("onClick").putObject("openLink").put("url", url);
        }
    }

    /**
     * The plain {@code text} field reads {@code <users/all>} as a mention and {@code <url|text>} as
     * a link (Google Chat "Format text messages"); angle brackets from alert text become look-alike
     * quotation marks so that an alert can never ping a whole space.
     */
    static String plain(String s) {
        return s.replace('<', '‹').replace('>', '›');
    }

    /** A stable thread per contact point and group. */
    static String threadKey(Notification n) {
        try {
            byte[] h =
                    MessageDigest.getInstance("SHA-256")
                            .digest(
                                    (n.contactPoint() + "\n" + n.groupKey())
                                            .getBytes(StandardCharsets.UTF_8));
            return "plimsoll-" + HexFormat.of().formatHex(h, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
