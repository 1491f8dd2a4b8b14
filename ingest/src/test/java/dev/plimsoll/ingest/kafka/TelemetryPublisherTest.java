package dev.plimsoll.ingest.kafka;

import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.core.telemetry.RequestEventCodec;
import dev.plimsoll.ingest.TestKafka;

import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TelemetryPublisherTest {

    private static final RequestEvent EVENT =
            new RequestEvent(
                    "orders",
                    "GET /orders/{id}",
                    System.currentTimeMillis() * 1000,
                    12.5,
                    200,
                    false,
                    null,
                    null);

    /**
     * During shutdown the producer is closed while requests may still arrive: they must be refused
     * as "Kafka unavailable" (503, retry later), never fail as an internal error.
     */
    @Test
    void aClosedProducerIsUnavailableNotAnInternalError() throws Exception {
        try (ApplicationContext context =
                ApplicationContext.run(
                        Map.of(
                                "micronaut.server.port",
                                -1,
                                "plimsoll.kafka.bootstrap-servers",
                                TestKafka.bootstrapServers()))) {
            TelemetryPublisher publisher = context.getBean(TelemetryPublisher.class);
            RequestEventCodec codec = RequestEventCodec.create();
            publisher.publish(codec, List.of(EVENT), List.of());

            publisher.close();

            assertThatThrownBy(() -> publisher.publish(codec, List.of(EVENT), List.of()))
                    .isInstanceOf(KafkaUnavailableException.class)
                    .hasMessageContaining("retry later")
                    .hasCauseInstanceOf(IllegalStateException.class);
            assertThat(
                            context.getBean(io.micrometer.core.instrument.MeterRegistry.class)
                                    .counter(
                                            "plimsoll.ingest.publish.failures",
                                            "topic",
                                            "telemetry.requests.v1")
                                    .count())
                    .isEqualTo(1.0);
        }
    }
}
