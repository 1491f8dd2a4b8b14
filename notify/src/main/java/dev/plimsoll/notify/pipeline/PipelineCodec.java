package dev.plimsoll.notify.pipeline;

import dev.plimsoll.core.DecodingException;
import dev.plimsoll.core.alert.event.AlertEvent;
import dev.plimsoll.core.alert.event.AlertEventCodec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** JSON of the topology's internal records: routed events (repartition topic) and group state. */
final class PipelineCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PipelineCodec() {}

    static byte[] encode(RoutedEvent r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("contactPoint", r.contactPoint());
        o.put("groupKey", r.groupKey());
        ObjectNode labels = o.putObject("groupLabels");
        r.groupLabels().forEach(labels::put);
        o.put("immediate", r.immediate());
        o.put("quiet", r.quiet());
        o.set("event", tree(AlertEventCodec.encode(r.event())));
        return bytes(o);
    }

    static RoutedEvent decodeRouted(byte[] json) throws DecodingException {
        JsonNode o = read(json);
        return new RoutedEvent(
                o.path("contactPoint").asText(),
                o.path("groupKey").asText(),
                strings(o.path("groupLabels")),
                o.path("immediate").asBoolean(),
                o.path("quiet").asBoolean(false),
                event(o.path("event")));
    }

    static byte[] encode(GroupState g) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("contactPoint", g.contactPoint());
        o.put("groupKey", g.groupKey());
        ObjectNode labels = o.putObject("groupLabels");
        g.groupLabels().forEach(labels::put);
        ObjectNode alerts = o.putObject("alerts");
        g.alerts().forEach((id, e) -> alerts.set(id, tree(AlertEventCodec.encode(e))));
        g.notifiedFiring().stream().sorted().forEach(o.putArray("notifiedFiring")::add);
        o.put("lastNotifiedMs", g.lastNotifiedMs());
        o.put("nextFlushMs", g.nextFlushMs());
        return bytes(o);
    }

    static GroupState decodeGroup(byte[] json) throws DecodingException {
        JsonNode o = read(json);
        Map<String, AlertEvent> alerts = new LinkedHashMap<>();
        var it = o.path("alerts").fields();
        while (it.hasNext()) {
            var e = it.next();
            alerts.put(e.getKey(), event(e.getValue()));
        }
        Set<String> notified = new HashSet<>();
        o.path("notifiedFiring").forEach(n -> notified.add(n.asText()));
        return new GroupState(
                o.path("contactPoint").asText(),
                o.path("groupKey").asText(),
                strings(o.path("groupLabels")),
                alerts,
                notified,
                o.path("lastNotifiedMs").asLong(-1),
                o.path("nextFlushMs").asLong());
    }

    private static AlertEvent event(JsonNode n) throws DecodingException {
        try {
            return AlertEventCodec.decode(MAPPER.writeValueAsBytes(n));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> strings(JsonNode o) {
        Map<String, String> m = new LinkedHashMap<>();
        o.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    private static JsonNode tree(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(byte[] json) throws DecodingException {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new DecodingException("invalid JSON: " + e.getMessage(), e);
        }
    }

    private static byte[] bytes(JsonNode o) {
        try {
            return MAPPER.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
