package dev.plimsoll.core.alert.eval;

import dev.plimsoll.core.DecodingException;
import dev.plimsoll.core.alert.event.AlertState;
import dev.plimsoll.core.alert.event.SuspectDeploy;
import dev.plimsoll.core.alert.rule.RuleMappers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON encoding of {@link RuleState} (version 1), as the evaluator stores it between evaluations
 * (the compacted state topic). Decimals are strings, times RFC 3339. Stateless and thread-safe.
 */
public final class RuleStateCodec {

    private RuleStateCodec() {}

    /** The state as UTF-8 JSON. */
    public static byte[] encode(RuleState s) {
        ObjectNode o = RuleMappers.JSON.createObjectNode();
        o.put("v", 1);
        o.put("ruleId", s.ruleId());
        o.put("digest", s.digest());
        o.put("lastTick", s.lastTick() == null ? null : s.lastTick().toString());
        ObjectNode tracks = o.putObject("tracks");
        new TreeMap<>(s.tracks()).forEach((fp, t) -> tracks.set(fp, track(t)));
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static ObjectNode track(AlertTrack t) {
        ObjectNode o = RuleMappers.JSON.createObjectNode();
        o.put("alertId", t.alertId());
        o.put("state", t.state().wireName());
        o.put("activeAt", t.activeAt().toString());
        o.put("heldForMs", t.heldFor().toMillis());
        o.put("lastHeldAt", t.lastHeldAt().toString());
        o.put("lastKnownHeld", t.lastKnownHeld());
        o.put("events", t.events());
        ArrayNode suspects = o.putArray("suspects");
        for (SuspectDeploy d : t.suspects()) {
            suspects.addObject()
                    .put("service", d.service())
                    .put("version", d.version())
                    .put("at", d.at().toString());
        }
        o.put("silenced", t.silenced());
        o.put("clearSince", t.clearSince() == null ? null : t.clearSince().toString());
        if (t.last() != null) {
            Verdict v = t.last();
            ObjectNode last = o.putObject("last");
            last.put("outcome", v.outcome().name());
            last.put("value", str(v.value()));
            last.put("threshold", str(v.threshold()));
            last.put("baseline", str(v.baseline()));
            last.put("headroomPercent", str(v.headroomPercent()));
            last.put("samples", v.samples());
            last.put("description", v.description());
        }
        return o;
    }

    private static String str(BigDecimal d) {
        return d == null ? null : d.toPlainString();
    }

    /**
     * Decodes a state.
     *
     * @throws DecodingException when the bytes are not a version-1 state
     */
    public static RuleState decode(byte[] json) throws DecodingException {
        try {
            JsonNode o = RuleMappers.JSON.readTree(json);
            if (o == null || o.path("v").asInt() != 1) {
                throw new DecodingException("a rule state must be a JSON object with v = 1");
            }
            Map<String, AlertTrack> tracks = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = o.path("tracks").fields();
                    it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                tracks.put(e.getKey(), track(e.getValue()));
            }
            return new RuleState(
                    o.get("ruleId").asText(),
                    o.get("digest").asText(),
                    instant(o.get("lastTick")),
                    tracks);
        } catch (JsonProcessingException e) {
            throw new DecodingException(
                    "a rule state is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (java.io.IOException | RuntimeException e) {
            throw new DecodingException("a rule state could not be read: " + e.getMessage(), e);
        }
    }

    private static AlertTrack track(JsonNode o) {
        List<SuspectDeploy> suspects = new ArrayList<>();
        for (JsonNode d : o.path("suspects")) {
            suspects.add(
                    new SuspectDeploy(
                            d.get("service").asText(),
                            d.get("version").asText(),
                            Instant.parse(d.get("at").asText())));
        }
        Verdict last = null;
        JsonNode l = o.get("last");
        if (l != null && !l.isNull()) {
            last =
                    new Verdict(
                            Verdict.Outcome.valueOf(l.get("outcome").asText()),
                            decimal(l.get("value")),
                            decimal(l.get("threshold")),
                            decimal(l.get("baseline")),
                            decimal(l.get("headroomPercent")),
                            l.get("samples").asLong(),
                            l.get("description").asText());
        }
        return new AlertTrack(
                o.get("alertId").asText(),
                AlertState.ofWireName(o.get("state").asText()),
                Instant.parse(o.get("activeAt").asText()),
                Duration.ofMillis(o.get("heldForMs").asLong()),
                Instant.parse(o.get("lastHeldAt").asText()),
                o.get("lastKnownHeld").asBoolean(),
                o.get("events").asInt(),
                suspects,
                o.get("silenced").asBoolean(),
                last,
                instant(o.get("clearSince")));
    }

    private static Instant instant(JsonNode n) {
        return n == null || n.isNull() ? null : Instant.parse(n.asText());
    }

    private static BigDecimal decimal(JsonNode n) {
        return n == null || n.isNull() ? null : new BigDecimal(n.asText());
    }
}
