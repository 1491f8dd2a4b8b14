package dev.plimsoll.notify.delivery;

import dev.plimsoll.core.DecodingException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** JSON of {@link DeliveryRecord}s on {@code notify.deliveries.v1}, version 1. */
public final class DeliveryRecordCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DeliveryRecordCodec() {}

    public static byte[] encode(DeliveryRecord r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("v", 1);
        o.put("id", r.id());
        o.put("notificationId", r.notificationId());
        o.put("contactPoint", r.contactPoint());
        o.put("type", r.type());
        o.put("status", r.status().wireName());
        o.put("attempts", r.attempts());
        o.put("lastError", r.lastError());
        if (r.responseCode() == null) {
            o.putNull("responseCode");
        } else {
            o.put("responseCode", r.responseCode());
        }
        o.put("createdAt", r.createdAt().toString());
        o.put("updatedAt", r.updatedAt().toString());
        o.put("nextAttemptAt", r.nextAttemptAt() == null ? null : r.nextAttemptAt().toString());
        o.put("notificationStatus", r.notificationStatus());
        o.put("test", r.test());
        var alerts = o.putArray("alerts");
        for (DeliveryRecord.AlertRef a : r.alerts()) {
            alerts.addObject()
                    .put("alertId", a.alertId())
                    .put("eventId", a.eventId())
                    .put("rule", a.rule())
                    .put("state", a.state());
        }
        o.put("redrives", r.redrives());
        if (r.payload() != null) {
            o.put("outboxKey", r.outboxKey());
            try {
                o.set("payload", MAPPER.readTree(r.payload()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try {
            return MAPPER.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @throws DecodingException when the bytes are not a version-1 delivery record
     */
    public static DeliveryRecord decode(byte[] json) throws DecodingException {
        try {
            JsonNode o = MAPPER.readTree(json);
            if (o == null || o.path("v").asInt(-1) != 1) {
                throw new DecodingException("not a version-1 delivery record");
            }
            List<DeliveryRecord.AlertRef> alerts = new ArrayList<>();
            for (JsonNode a : o.path("alerts")) {
                alerts.add(
                        new DeliveryRecord.AlertRef(
                                text(a, "alertId"),
                                text(a, "eventId"),
                                text(a, "rule"),
                                text(a, "state")));
            }
            return new DeliveryRecord(
                    text(o, "id"),
                    text(o, "notificationId"),
                    text(o, "contactPoint"),
                    text(o, "type"),
                    DeliveryStatus.ofWireName(text(o, "status")),
                    o.path("attempts").asInt(),
                    text(o, "lastError"),
                    o.path("responseCode").isNull() ? null : o.path("responseCode").asInt(),
                    Instant.parse(text(o, "createdAt")),
                    Instant.parse(text(o, "updatedAt")),
                    text(o, "nextAttemptAt") == null
                            ? null
                            : Instant.parse(text(o, "nextAttemptAt")),
                    text(o, "notificationStatus"),
                    o.path("test").asBoolean(false),
                    alerts,
                    o.path("redrives").asInt(0),
                    text(o, "outboxKey"),
                    o.hasNonNull("payload") ? MAPPER.writeValueAsBytes(o.get("payload")) : null);
        } catch (IOException
                | IllegalArgumentException
                | NullPointerException
                | DateTimeParseException e) {
            throw new DecodingException("invalid delivery record: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode o, String name) {
        JsonNode n = o.get(name);
        return n == null || n.isNull() ? null : n.asText();
    }
}
