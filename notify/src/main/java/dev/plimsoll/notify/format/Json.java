package dev.plimsoll.notify.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON tree builder the formats share. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    static byte[] bytes(Object node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /**
     * The message with the most of a group's {@code alerts} (the first {@code shown}) whose JSON
     * fits {@code maxBytes}: fewer and fewer until it does, down to none.
     */
    static byte[] fitting(
            int alerts, java.util.function.IntFunction<ObjectNode> message, int maxBytes) {
        byte[] body = null;
        for (int shown = alerts; shown >= 0; shown--) {
            body = bytes(message.apply(shown));
            if (body.length <= maxBytes) {
                break;
            }
        }
        return body;
    }
}
