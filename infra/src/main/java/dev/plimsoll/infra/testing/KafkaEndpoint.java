package dev.plimsoll.infra.testing;

import java.util.Objects;

/** A {@link KafkaService} reached at a fixed bootstrap address. */
record KafkaEndpoint(String bootstrapServers, Backend backend) implements KafkaService {

    KafkaEndpoint {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(backend, "backend");
    }

    @Override
    public String toString() {
        return "Kafka[" + backend.label() + ", " + bootstrapServers + "]";
    }
}
