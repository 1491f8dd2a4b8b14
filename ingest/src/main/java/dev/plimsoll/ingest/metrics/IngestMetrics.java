package dev.plimsoll.ingest.metrics;

import dev.plimsoll.core.telemetry.TelemetryTopics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * The ingest role's self-metrics, registered with the process's shared Micrometer registry (so they
 * appear on {@code /prometheus} next to the API's). Prometheus names:
 *
 * <ul>
 *   <li>{@code plimsoll_ingest_records_accepted_total{topic}}: records Kafka acknowledged on their
 *       topic (the {@code accepted} counts of 2xx answers, and OTLP spans converted)
 *   <li>{@code plimsoll_ingest_records_rejected_total{topic}}: records that failed validation,
 *       counted when their batch is decoded, whatever happens next (a batch answered 503 and sent
 *       again counts twice)
 *   <li>{@code plimsoll_ingest_records_too_old_total{topic}}: of the rejected records, those older
 *       than {@code plimsoll.ingest.max-event-age} (request events only)
 *   <li>{@code plimsoll_ingest_dead_letters_total{topic}}: rejected records Kafka acknowledged on
 *       {@code telemetry.deadletter.v1}, by the topic they were meant for
 *   <li>{@code plimsoll_ingest_publish_failures_total{topic}}: requests answered 503 because Kafka
 *       did not acknowledge every record in time
 *   <li>{@code plimsoll_ingest_request_body_bytes{endpoint}} (count, sum, max): bodies that reached
 *       an ingest controller (after the API key check), by path
 * </ul>
 *
 * Counters of the three telemetry topics are registered at startup so that they read 0, not absent,
 * before the first record. Without a registry (metrics disabled) everything is a no-op.
 */
@Context
@Requires(property = "plimsoll.ingest.enabled", notEquals = "false")
public class IngestMetrics {

    static final String ACCEPTED = "plimsoll.ingest.records.accepted";
    static final String REJECTED = "plimsoll.ingest.records.rejected";
    static final String TOO_OLD = "plimsoll.ingest.records.too.old";
    static final String DEAD_LETTERS = "plimsoll.ingest.dead.letters";
    static final String PUBLISH_FAILURES = "plimsoll.ingest.publish.failures";
    static final String BODY = "plimsoll.ingest.request.body";

    private final MeterRegistry registry;

    public IngestMetrics(@Nullable MeterRegistry registry) {
        // An empty composite registry hands out no-op meters.
        this.registry = registry != null ? registry : new CompositeMeterRegistry();
        for (String topic :
                List.of(TelemetryTopics.REQUESTS, TelemetryTopics.COSTS, TelemetryTopics.DEPLOYS)) {
            accepted(topic);
            rejected(topic);
            tooOld(topic);
            deadLetters(topic);
            publishFailures(topic);
        }
    }

    /** A batch for {@code topic} was decoded with {@code rejected} invalid records. */
    public void decoded(String topic, int rejected) {
        rejected(topic).increment(rejected);
    }

    /** A record for {@code topic} was rejected for being older than the accepted age. */
    public void rejectedTooOld(String topic) {
        tooOld(topic).increment();
    }

    /** Kafka acknowledged every record of a batch for {@code topic}. */
    public void published(String topic, int accepted, int deadLetters) {
        accepted(topic).increment(accepted);
        deadLetters(topic).increment(deadLetters);
    }

    /** A batch for {@code topic} was not acknowledged: the request is answered 503. */
    public void publishFailed(String topic) {
        publishFailures(topic).increment();
    }

    /** A request body of {@code bytes} reached the controller of {@code endpoint}. */
    public void body(String endpoint, int bytes) {
        DistributionSummary.builder(BODY)
                .description("Request bodies received by the ingest endpoints")
                .baseUnit("bytes")
                .tag("endpoint", endpoint)
                .register(registry)
                .record(bytes);
    }

    private Counter accepted(String topic) {
        return counter(ACCEPTED, "Records acknowledged by Kafka on their topic", topic);
    }

    private Counter rejected(String topic) {
        return counter(REJECTED, "Records that failed validation", topic);
    }

    private Counter tooOld(String topic) {
        return counter(
                TOO_OLD,
                "Records rejected for being older than plimsoll.ingest.max-event-age",
                topic);
    }

    private Counter deadLetters(String topic) {
        return counter(
                DEAD_LETTERS, "Rejected records acknowledged on the dead-letter topic", topic);
    }

    private Counter publishFailures(String topic) {
        return counter(
                PUBLISH_FAILURES,
                "Requests answered 503 because Kafka did not acknowledge every record",
                topic);
    }

    private Counter counter(String name, String description, String topic) {
        return Counter.builder(name)
                .description(description)
                .tag("topic", topic)
                .register(registry);
    }
}
