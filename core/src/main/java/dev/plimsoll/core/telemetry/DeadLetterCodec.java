package dev.plimsoll.core.telemetry;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * JSON encoding of {@link DeadLetter}s: {@code {"topic":"telemetry.requests.v1","source":"POST
 * /api/v1/ingest/requests","index":3,"field":"durationMs","error":"durationMs: must be >= 0, was
 * -5.0","raw":"{...}","rawTruncated":false,"receivedAt":"2026-03-01T12:00:00.250000Z"}}. Stateless
 * and thread-safe.
 */
public final class DeadLetterCodec {

    private DeadLetterCodec() {}

    /** The JSON value (UTF-8). */
    public static byte[] encode(DeadLetter d) {
        ByteArrayBuilder out = new ByteArrayBuilder(256 + d.raw().length());
        try (JsonGenerator g = JsonSupport.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("topic", d.topic());
            g.writeStringField("source", d.source());
            g.writeNumberField("index", d.index());
            g.writeStringField("field", d.field());
            g.writeStringField("error", d.error());
            g.writeStringField("raw", d.raw());
            g.writeBooleanField("rawTruncated", d.rawTruncated());
            g.writeStringField("receivedAt", Timestamps.formatMicros(d.receivedAtMicros()));
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    /**
     * Reads a value written by {@link #encode}.
     *
     * @throws MalformedTelemetryException when the bytes are not such a value
     */
    public static DeadLetter decode(byte[] json) throws MalformedTelemetryException {
        try (JsonParser p = JsonSupport.FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw JsonSupport.malformed(p, "expected a dead-letter object");
            }
            String topic = null;
            String source = null;
            String field = null;
            String error = null;
            String raw = null;
            int index = -1;
            boolean truncated = false;
            long received = Timestamps.INVALID;
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "topic":
                        topic = p.getText();
                        break;
                    case "source":
                        source = p.getText();
                        break;
                    case "index":
                        index = p.getIntValue();
                        break;
                    case "field":
                        field = p.getText();
                        break;
                    case "error":
                        error = p.getText();
                        break;
                    case "raw":
                        raw = p.getText();
                        break;
                    case "rawTruncated":
                        truncated = p.getBooleanValue();
                        break;
                    case "receivedAt":
                        received = Timestamps.parseMicros(p.getText());
                        break;
                    default:
                        p.skipChildren();
                }
            }
            if (topic == null || source == null || field == null || error == null || raw == null) {
                throw JsonSupport.malformed(
                        p, "a dead letter needs topic, source, field, error, raw");
            }
            return new DeadLetter(topic, source, index, field, error, raw, truncated, received);
        } catch (JsonProcessingException e) {
            throw JsonSupport.malformed(e);
        } catch (IOException e) {
            throw new MalformedTelemetryException(-1, -1, -1, e.getMessage(), e);
        }
    }
}
