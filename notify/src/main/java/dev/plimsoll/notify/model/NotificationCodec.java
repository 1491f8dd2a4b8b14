package dev.plimsoll.notify.model;

import dev.plimsoll.core.DecodingException;
import dev.plimsoll.core.alert.event.AlertEvent;
import dev.plimsoll.core.alert.event.AlertEventCodec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON of a {@link Notification} on the outbox topic ({@code notify.outbox.v1}), version 1; alerts
 * are embedded in the JSON of {@link AlertEventCodec}, so decimals stay exact strings.
 */
public final class NotificationCodec {

    public static final int VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private NotificationCodec() {}

    public static byte[] encode(Notification n) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("v", VERSION);
        o.put("id", n.id());
        o.put("contactPoint", n.contactPoint());
        o.put("groupKey", n.groupKey());
        ObjectNode labels = o.putObject("groupLabels");
        n.groupLabels().forEach(labels::put);
        o.put("status", n.status().wireName());
        o.put("createdAt", n.createdAt().toString());
        o.put("test", n.test());
        alerts(o.putArray("firing"), n.firing());
        alerts(o.putArray("resolved"), n.resolved());
        try {
            return MAPPER.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @throws DecodingException when the bytes are not a version-1 notification
     */
    public static Notification decode(byte[] json) throws DecodingException {
        try {
            JsonNode o = MAPPER.readTree(json);
            if (o == null || o.path("v").asInt(-1) != VERSION) {
                throw new DecodingException("not a version-1 notification");
            }
            Map<String, String> labels = new LinkedHashMap<>();
            o.path("groupLabels")
                    .fields()
                    .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            return new Notification(
                    o.path("id").asText(),
                    o.path("contactPoint").asText(),
                    o.path("groupKey").asText(),
                    labels,
                    NotificationStatus.ofWireName(o.path("status").asText()),
                    alerts(o.path("firing")),
                    alerts(o.path("resolved")),
                    Instant.parse(o.path("createdAt").asText()),
                    o.path("test").asBoolean(false));
        } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
            throw new DecodingException("invalid notification: " + e.getMessage(), e);
        }
    }

    private static void alerts(ArrayNode out, List<AlertEvent> events) {
        for (AlertEvent e : events) {
            try {
                out.add(MAPPER.readTree(AlertEventCodec.encode(e)));
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
    }

    private static List<AlertEvent> alerts(JsonNode array) throws IOException, DecodingException {
        List<AlertEvent> out = new ArrayList<>();
        for (JsonNode n : array) {
            out.add(AlertEventCodec.decode(MAPPER.writeValueAsBytes(n)));
        }
        return out;
    }
}
