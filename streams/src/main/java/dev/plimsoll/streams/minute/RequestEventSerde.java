package dev.plimsoll.streams.minute;

import dev.plimsoll.core.telemetry.RequestEvent;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

import java.io.IOException;

/**
 * Reads request events from {@code telemetry.requests.v1}.
 *
 * <p>TODO(ingest): placeholder decoder until core's RequestEventCodec (contract v1) is merged.
 */
final class RequestEventSerde {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    Deserializer<RequestEvent> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(topic, bytes);
    }

    private static RequestEvent decode(String topic, byte[] bytes) {
        String service = null;
        String operation = null;
        long start = 0;
        double duration = 0;
        int status = RequestEvent.NO_STATUS;
        boolean error = false;
        String user = null;
        String tenant = null;
        try (JsonParser p = JSON.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new SerializationException("request event on " + topic + " is not an object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                p.nextToken();
                switch (f) {
                    case "service" -> service = p.getValueAsString();
                    case "operation" -> operation = p.getValueAsString();
                    case "startMicros" -> start = p.getLongValue();
                    case "durationMs" -> duration = p.getDoubleValue();
                    case "status" -> status = p.getIntValue();
                    case "error" -> error = p.getBooleanValue();
                    case "userId" -> user = p.getValueAsString();
                    case "tenant" -> tenant = p.getValueAsString();
                    default -> p.skipChildren();
                }
            }
            return new RequestEvent(
                    service, operation, start, duration, status, error, user, tenant);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("bad request event on " + topic + ": " + e, e);
        }
    }
}
