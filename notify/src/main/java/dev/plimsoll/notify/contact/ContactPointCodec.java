package dev.plimsoll.notify.contact;

import dev.plimsoll.core.DecodingException;
import dev.plimsoll.notify.model.DurationText;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON of an API contact point on {@code notify.contact-points.v1}, version 1. It holds the URL and
 * secret in clear: access to that topic must be restricted like access to the secrets themselves.
 */
public final class ContactPointCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ContactPointCodec() {}

    public static byte[] encode(ContactPoint cp) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("v", 1);
        o.put("name", cp.name());
        o.put("type", cp.type().id());
        o.put("url", cp.url());
        o.put("secret", cp.secret());
        if (cp.grouping() != null) {
            Grouping g = cp.grouping();
            ObjectNode go = o.putObject("grouping");
            g.groupBy().forEach(go.putArray("groupBy")::add);
            go.put("groupWait", DurationText.format(g.groupWait()));
            go.put("groupInterval", DurationText.format(g.groupInterval()));
            go.put("repeatInterval", DurationText.format(g.repeatInterval()));
        }
        o.put("sendResolved", cp.sendResolved());
        try {
            return MAPPER.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @throws DecodingException when the bytes are not a version-1 contact point
     */
    public static ContactPoint decode(byte[] json) throws DecodingException {
        try {
            JsonNode o = MAPPER.readTree(json);
            if (o == null || o.path("v").asInt(-1) != 1) {
                throw new DecodingException("not a version-1 contact point");
            }
            Grouping g = null;
            JsonNode go = o.get("grouping");
            if (go != null && !go.isNull()) {
                List<String> by = new ArrayList<>();
                go.path("groupBy").forEach(n -> by.add(n.asText()));
                g =
                        new Grouping(
                                by,
                                DurationText.parse(go.path("groupWait").asText()),
                                DurationText.parse(go.path("groupInterval").asText()),
                                DurationText.parse(go.path("repeatInterval").asText()));
            }
            JsonNode secret = o.get("secret");
            return new ContactPoint(
                    o.path("name").asText(),
                    ChannelType.of(o.path("type").asText()),
                    o.path("url").asText(),
                    secret == null || secret.isNull() ? null : secret.asText(),
                    g,
                    o.path("sendResolved").asBoolean(true),
                    ContactPoint.Origin.API);
        } catch (IOException | IllegalArgumentException e) {
            throw new DecodingException("invalid contact point: " + e.getMessage(), e);
        }
    }
}
