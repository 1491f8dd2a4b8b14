package dev.plimsoll.streams.minute;

import dev.plimsoll.core.telemetry.MalformedTelemetryException;
import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.core.telemetry.RequestEventCodec;
import dev.plimsoll.core.telemetry.Validation;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads request events from {@code telemetry.requests.v1} with core's contract-v1 codec. A record
 * that is not a valid event throws {@link SerializationException}, which the configured
 * deserialization handler logs and skips (counted in Kafka Streams' {@code dropped-records}).
 */
final class RequestEventSerde {

    private final RequestEventCodec codec = RequestEventCodec.create();

    Deserializer<RequestEvent> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            Validation<RequestEvent> decoded;
            try {
                decoded = codec.decode(bytes);
            } catch (MalformedTelemetryException e) {
                throw new SerializationException(
                        "not a request event on " + topic + ": " + e.getMessage(), e);
            }
            if (decoded instanceof Validation.Accepted<RequestEvent> accepted) {
                return accepted.value();
            }
            Validation.Rejected<RequestEvent> rejected =
                    (Validation.Rejected<RequestEvent>) decoded;
            throw new SerializationException(
                    "invalid request event on " + topic + ": " + rejected.message());
        };
    }
}
