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
 * A Microsoft Teams Workflows webhook ("When a Teams webhook request is received") message: the
 * envelope {@code {"type":"message","attachments":[{"contentType":
 * "application/vnd.microsoft.card.adaptive","contentUrl":null,"content":<card>}]}} with an Adaptive
 * Card of schema version {@value #CARD_VERSION} (the version Teams renders on desktop and mobile
 * alike). Workflows accept Adaptive Cards only, not the retired connectors' MessageCard (Microsoft
 * Teams docs, "Create and send messages", known issues). A Teams message may be at most 28 KB
 * ("Limits and specifications for Microsoft Teams"): alerts are left out, with "and N more", until
 * the body fits in {@value #MAX_BYTES} bytes. Workflows answer 202 Accepted.
 */
public final class TeamsFormat implements Integration {

    static final String CARD_VERSION = "1.4";
    static final String CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json";
    static final String CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";

    /** 28 KB less room for the envelope Teams adds. */
    static final int MAX_BYTES = 27 * 1024;

    static final int TEXT = 2000;
    static final int FACT = 500;

    @Override
    public ChannelType type() {
        return ChannelType.TEAMS;
    }

    @Override
    public OutgoingRequest render(Notification n, ContactPoint cp, RenderContext ctx) {
        List<AlertEvent> alerts = n.alerts();
        byte[] body =
                Json.fitting(alerts.size(), shown -> message(n, alerts, shown, ctx), MAX_BYTES);
        return new OutgoingRequest(URI.create(cp.url()), Map.of(), body);
    }

    private static ObjectNode message(
            Notification n, List<AlertEvent> alerts, int shown, RenderContext ctx) {
        ObjectNode root = Json.object().put("type", "message");
        ObjectNode attachment = root.putArray("attachments").addObject();
        attachment.put("contentType", CONTENT_TYPE);
        attachment.putNull("contentUrl");
        ObjectNode card = attachment.putObject("content");
        card.put("$schema", CARD_SCHEMA);
        card.put("type", "AdaptiveCard");
        card.put("version", CARD_VERSION);
        card.putObject("msteams").put("width", "Full");
        ArrayNode body = card.putArray("body");
        body.addObject()
                .put("type", "TextBlock")
                .put("text", Text.truncate(AlertText.title(n), TEXT))
                .put("weight", "Bolder")
                .put("size", "Large")
                .put("color", n.firing().isEmpty() ? "Good" : "Attention")
                .put("wrap", true);
        ArrayNode actions = Json.array();
        for (int i = 0; i < shown; i++) {
            AlertEvent e = alerts.get(i);
            body.addObject()
                    .put("type", "TextBlock")
                    .put("text", Text.truncate(AlertText.headline(e), TEXT))
                    .put("weight", "Bolder")
                    .put("separator", true)
                    .put("wrap", true);
            body.addObject()
                    .put("type", "TextBlock")
                    .put("text", Text.truncate(AlertText.summary(e), TEXT))
                    .put("wrap", true);
            ArrayNode facts = body.addObject().put("type", "FactSet").putArray("facts");
            for (Map.Entry<String, String> f : AlertText.facts(e)) {
                facts.addObject()
                        .put("title", f.getKey())
                        .put("value", Text.truncate(f.getValue(), FACT));
            }
            String url = ctx.links().alert(e);
            if (url != null && actions.size() < 5) {
                actions.addObject()
                        .put("type", "Action.OpenUrl")
                        .put("title", Text.truncate("View " + e.rule(), 100))
                        .put("url", url);
            }
        }
        if (shown < alerts.size()) {
            body.addObject()
                    .put("type", "TextBlock")
                    .put("text", AlertText.more(alerts.size() - shown))
                    .put("isSubtle", true)
                    .put("wrap", true);
        }
        if (!actions.isEmpty()) {
            card.set("actions", actions);
        }
        return root;
    }
}
