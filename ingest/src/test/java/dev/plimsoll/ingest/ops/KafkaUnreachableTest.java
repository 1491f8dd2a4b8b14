package dev.plimsoll.ingest.ops;

import dev.plimsoll.core.telemetry.TelemetryTopics;
import dev.plimsoll.ingest.Http;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kafka at a closed port: readiness is DOWN with a reason (no stack trace), liveness stays UP, an
 * ingest request is answered 503 and counted as a publish failure.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaUnreachableTest {

    private final String bootstrap = "127.0.0.1:" + closedPort();
    private EmbeddedServer server;

    @BeforeAll
    void start() {
        server =
                ApplicationContext.run(
                        EmbeddedServer.class,
                        Map.of(
                                "micronaut.server.port", -1,
                                "plimsoll.kafka.bootstrap-servers", bootstrap,
                                "plimsoll.security.mode", "open",
                                "plimsoll.ingest.kafka-health-timeout", "1s",
                                "plimsoll.ingest.producer-max-block", "1s",
                                "plimsoll.ingest.producer-request-timeout", "1s",
                                "plimsoll.ingest.producer-delivery-timeout", "2s",
                                "endpoints.health.details-visible", "ANONYMOUS"));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void readinessIsDownWithAReasonAndNoStackTrace() {
        HttpResponse<byte[]> r = IngestOperationsTest.get(server.getURI(), "/health/readiness");

        assertThat(r.statusCode()).isEqualTo(503);
        JsonNode body = Http.json(r.body());
        assertThat(body.get("status").asText()).isEqualTo("DOWN");
        JsonNode kafka = body.at("/details/kafka");
        assertThat(kafka.get("status").asText()).isEqualTo("DOWN");
        assertThat(kafka.at("/details/bootstrapServers").asText()).isEqualTo(bootstrap);
        assertThat(kafka.at("/details/error").asText())
                .startsWith("Kafka did not answer describeCluster: TimeoutException: ")
                .endsWith("(timeout 1000 ms)");
        String text = new String(r.body(), StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("\\tat ").doesNotContain("org.apache.kafka.");
    }

    @Test
    void livenessStaysUp() {
        assertThat(IngestOperationsTest.get(server.getURI(), "/health/liveness").statusCode())
                .isEqualTo(200);
    }

    @Test
    void ingestAnswers503AndCountsAPublishFailure() {
        MeterRegistry registry = server.getApplicationContext().getBean(MeterRegistry.class);
        Counts before = Counts.of(registry);
        long start = System.currentTimeMillis() - 60_000;
        String body =
                "[{\"service\":\"down\",\"operation\":\"GET /\",\"start\":"
                        + start
                        + ",\"durationMs\":1},{\"service\":\"\"}]";

        HttpResponse<byte[]> r =
                Http.postBytes(
                        server.getURI(),
                        "/api/v1/ingest/requests",
                        "application/json",
                        body.getBytes(StandardCharsets.UTF_8));

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).contains("5");
        Counts delta = Counts.of(registry).minus(before);
        assertThat(delta.publishFailures().get(TelemetryTopics.REQUESTS)).isEqualTo(1.0);
        assertThat(delta.accepted().get(TelemetryTopics.REQUESTS)).isEqualTo(0.0);
        // Validation happened before Kafka failed: the invalid record counts as rejected, but no
        // dead letter was written.
        assertThat(delta.rejected().get(TelemetryTopics.REQUESTS)).isEqualTo(1.0);
        assertThat(delta.deadLetters().get(TelemetryTopics.REQUESTS)).isEqualTo(0.0);
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
