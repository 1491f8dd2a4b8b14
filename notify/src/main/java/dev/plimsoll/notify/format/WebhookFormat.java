package dev.plimsoll.notify.format;

import dev.plimsoll.core.alert.event.AlertEvent;
import dev.plimsoll.core.alert.event.SuspectDeploy;
import dev.plimsoll.notify.contact.ChannelType;
import dev.plimsoll.notify.contact.ContactPoint;
import dev.plimsoll.notify.model.Notification;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A generic JSON webhook signed as Standard Webhooks specifies: one message per state change, its
 * {@code webhook-id} the state change's id (the same on every resend), {@code webhook-timestamp}
 * the attempt's Unix seconds, {@code webhook-signature} {@code v1,<base64 HMAC-SHA256>}. The body
 * follows the specification's recommended shape ({@code type}, {@code timestamp}) plus {@code
 * status}, {@code alert} and {@code links}:
 *
 * <pre>{@code
 * {"type":"alert.firing","timestamp":"2026-03-01T10:17:00Z","status":"firing",
 *  "alert":{"id":"…","eventId":"…","rule":"checkout-p95","ruleId":"…","fingerprint":"9f2c…",
 *           "state":"firing","labels":{…},"annotations":{…},"metric":"latency.p95",
 *           "service":"checkout","condition":"threshold","value":"312.4","unit":"ms",
 *           "threshold":"300","baseline":null,"errorBound":"0.01","headroomPercent":"-4.13",
 *           "startsAt":"…","endsAt":null,"suspectDeploys":[{"service","version","at"}],
 *           "summary":"…"},
 *  "links":{"alert":"https://…/api/v1/alerts/…","dashboard":null},"test":false}
 * }</pre>
 *
 * Decimals are JSON strings, exactly as the evaluator computed them.
 */
public final class WebhookFormat implements Integration {

    @Override
    public ChannelType type() {
        return ChannelType.WEBHOOK;
    }

    @Override
    public OutgoingRequest render(Notification n, ContactPoint cp, RenderContext ctx) {
        AlertEvent e = n.alerts().get(0);
        byte[] body = Json.bytes(body(n, e, ctx));
        long ts = ctx.now().getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(StandardWebhooks.ID, n.id());
        headers.put(StandardWebhooks.TIMESTAMP, Long.toString(ts));
        headers.put(
                StandardWebhooks.SIGNATURE, StandardWebhooks.sign(cp.secret(), n.id(), ts, body));
        return new OutgoingRequest(URI.create(cp.url()), headers, body);
    }

    static ObjectNode body(Notification n, AlertEvent e, RenderContext ctx) {
        ObjectNode root = Json.object();
        String status = e.state().wireName();
        root.put("type", "alert." + status);
        root.put("timestamp", e.at().toString());
        root.put("status", status);
        ObjectNode a = root.putObject("alert");
        a.put("id", e.alertId());
        a.put("eventId", e.eventId());
        a.put("rule", e.rule());
        a.put("ruleId", e.ruleId());
        a.put("fingerprint", e.fingerprint());
        a.put("state", status);
        a.put("previousState", e.previousState() == null ? null : e.previousState().wireName());
        map(a.putObject("labels"), e.labels());
        map(a.putObject("annotations"), e.annotations());
        a.put("metric", e.metric());
        a.put("service", e.service());
        a.put("condition", e.condition());
        decimal(a, "value", e.value());
        a.put("unit", e.unit());
        decimal(a, "threshold", e.threshold());
        decimal(a, "baseline", e.baseline());
        decimal(a, "errorBound", e.errorBound());
        decimal(a, "headroomPercent", e.headroomPercent());
        a.put("startsAt", e.startsAt().toString());
        a.put("endsAt", e.endsAt() == null ? null : e.endsAt().toString());
        ArrayNode deploys = a.putArray("suspectDeploys");
        for (SuspectDeploy d : e.suspectDeploys()) {
            deploys.addObject()
                    .put("service", d.service())
                    .put("version", d.version())
                    .put("at", d.at().toString());
        }
        a.put("summary", e.summary());
        ObjectNode links = root.putObject("links");
        links.put("alert", ctx.links().alert(e));
        links.put("dashboard", ctx.links().dashboard(e, ctx.now()));
        root.put("test", n.test());
        return root;
    }

    private static void decimal(ObjectNode o, String name, BigDecimal v) {
        o.put(name, v == null ? null : v.toPlainString());
    }

    private static void map(ObjectNode o, Map<String, String> m) {
        new TreeMap<>(m).forEach(o::put);
    }
}
