package dev.plimsoll.streams.row;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka serde for {@link ServiceMinuteRow} values in {@link ServiceMinuteRowJson}'s encoding. */
public final class ServiceMinuteRowSerde implements Serde<ServiceMinuteRow> {

    @Override
    public Serializer<ServiceMinuteRow> serializer() {
        return (topic, row) -> row == null ? null : ServiceMinuteRowJson.encode(row);
    }

    @Override
    public Deserializer<ServiceMinuteRow> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return ServiceMinuteRowJson.decode(bytes);
            } catch (MalformedRowException e) {
                throw new SerializationException(
                        "not a service-minute row on " + topic + ": " + e.getMessage(), e);
            }
        };
    }
}
