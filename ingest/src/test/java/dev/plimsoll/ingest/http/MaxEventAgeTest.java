package dev.plimsoll.ingest.http;

import dev.plimsoll.core.telemetry.DeadLetter;
import dev.plimsoll.core.telemetry.DeadLetterCodec;
import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.core.telemetry.RequestEventCodec;
import dev.plimsoll.core.telemetry.TelemetryTopics;
import dev.plimsoll.core.telemetry.Validation;
import dev.plimsoll.ingest.Http;
import dev.plimsoll.ingest.TestKafka;
import dev.plimsoll.ingest.TopicReader;
import dev.plimsoll.ingest.otlp.OtlpTracesTest;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.Span;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code plimsoll.ingest.max-event-age} (1 h here): an older request event is rejected at its index
 * with a message naming the limit, synchronously; the rest of the batch lands. Same for OTLP spans,
 * in the partial success.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MaxEventAgeTest implements TestPropertyProvider {

    @Inject EmbeddedServer server;
    @Inject MeterRegistry registry;

    private final String service = "aged-" + UUID.randomUUID().toString().substring(0, 8);
    private final RequestEventCodec codec = RequestEventCodec.create();

    @Override
    public Map<String, String> getProperties() {
        return Map.of(
                "plimsoll.kafka.bootstrap-servers", TestKafka.bootstrapServers(),
                "plimsoll.security.mode", "open",
                "plimsoll.ingest.max-event-age", "1h");
    }

    private String event(Instant start, String user) {
        return "{\"service\":\""
                + service
                + "\",\"operation\":\"GET /a\",\"start\":"
                + start.toEpochMilli()
                + ",\"durationMs\":4,\"userId\":\""
                + user
                + "\"}";
    }

    @Test
    void anEventOlderThanTheLimitIsRejectedAtItsIndexAndTheRestLands() throws Exception {
        Instant now = Instant.now();
        Instant old = now.minus(Duration.ofHours(2));
        String body =
                event(now.minusSeconds(30), "a")
                        + "\n"
                        + event(old, "b")
                        + "\n"
                        + event(now.minus(Duration.ofMinutes(59)), "c")
                        + "\n";
        double tooOldBefore = tooOld();
        try (TopicReader requests =
                        TopicReader.fromEnd(
                                TestKafka.bootstrapServers(), TelemetryTopics.REQUESTS);
                TopicReader dead =
                        TopicReader.fromEnd(
                                TestKafka.bootstrapServers(), TelemetryTopics.DEAD_LETTERS)) {
            HttpResponse<String> r =
                    Http.post(
                            server.getURI(),
                            "/api/v1/ingest/requests",
                            "application/x-ndjson",
                            body);

            assertThat(r.statusCode()).isEqualTo(202);
            JsonNode answer = Http.json(r);
            assertThat(answer.get("accepted").asInt()).isEqualTo(2);
            assertThat(answer.get("rejected")).hasSize(1);
            JsonNode rejected = answer.get("rejected").get(0);
            assertThat(rejected.get("index").asInt()).isEqualTo(1);
            assertThat(rejected.get("field").asText()).isEqualTo("start");
            assertThat(rejected.get("error").asText())
                    .startsWith(
                            "start: is older than the accepted age of 1h"
                                    + " (plimsoll.ingest.max-event-age): "
                                    + Instant.ofEpochMilli(old.toEpochMilli())
                                    + " is 2h ")
                    .contains(" before the server's time ");

            List<String> users =
                    requests.readNew().stream()
                            .map(ConsumerRecord::value)
                            .map(this::decode)
                            .filter(e -> e.service().equals(service))
                            .map(RequestEvent::userId)
                            .toList();
            assertThat(users).containsExactly("a", "c");
            List<DeadLetter> letters =
                    dead.readNew().stream().map(c -> deadLetter(c.value())).toList();
            assertThat(letters)
                    .filteredOn(d -> d.raw().contains(service))
                    .singleElement()
                    .satisfies(
                            d -> {
                                assertThat(d.index()).isEqualTo(1);
                                assertThat(d.field()).isEqualTo("start");
                            });
        }
        assertThat(tooOld() - tooOldBefore).isEqualTo(1.0);
    }

    @Test
    void anOtlpSpanOlderThanTheLimitIsRejectedInThePartialSuccess() throws Exception {
        long nowNanos = System.currentTimeMillis() * 1_000_000L;
        long oldNanos = nowNanos - Duration.ofHours(3).toNanos();
        byte[] export =
                OtlpTracesTest.request(
                                service,
                                OtlpTracesTest.span(
                                                Span.SpanKind.SPAN_KIND_SERVER,
                                                "GET /fresh",
                                                nowNanos - 1_000_000_000L,
                                                nowNanos - 990_000_000L)
                                        .build(),
                                OtlpTracesTest.span(
                                                Span.SpanKind.SPAN_KIND_SERVER,
                                                "GET /stale",
                                                oldNanos,
                                                oldNanos + 10_000_000L)
                                        .build())
                        .toByteArray();
        double tooOldBefore = tooOld();
        try (TopicReader requests =
                TopicReader.fromEnd(TestKafka.bootstrapServers(), TelemetryTopics.REQUESTS)) {
            HttpResponse<byte[]> r =
                    Http.postBytes(server.getURI(), "/v1/traces", "application/x-protobuf", export);

            assertThat(r.statusCode()).isEqualTo(200);
            ExportTraceServiceResponse response = ExportTraceServiceResponse.parseFrom(r.body());
            assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
            assertThat(response.getPartialSuccess().getErrorMessage())
                    .startsWith(
                            "span 1: start: is older than the accepted age of 1h"
                                    + " (plimsoll.ingest.max-event-age): "
                                    + Instant.ofEpochMilli(oldNanos / 1_000_000)
                                    + " is 3h ");
            assertThat(
                            requests.readNew().stream()
                                    .map(c -> decode(c.value()))
                                    .filter(e -> e.service().equals(service))
                                    .map(RequestEvent::operation))
                    .containsExactly("GET /fresh");
        }
        assertThat(tooOld() - tooOldBefore).isEqualTo(1.0);
    }

    private double tooOld() {
        return registry.get("plimsoll.ingest.records.too.old")
                .tag("topic", TelemetryTopics.REQUESTS)
                .counter()
                .count();
    }

    private static DeadLetter deadLetter(byte[] value) {
        try {
            return DeadLetterCodec.decode(value);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private RequestEvent decode(byte[] value) {
        try {
            return ((Validation.Accepted<RequestEvent>) codec.decode(value)).value();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
